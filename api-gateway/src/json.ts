/** The value of a JSON text from outside, or undefined when it is not JSON (the sender's mistake). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
