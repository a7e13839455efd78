// The browser client's GraphQL operations, read from the document it is built from, so tests
// and benches select exactly the fields the browser selects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode } from 'graphql';

const DOCUMENT = join(__dirname, '..', '..', 'client', 'src', 'api', 'operations.graphql');

const isFragment = (definition: DefinitionNode): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION;

/** The operation called `name`, with the fragments it uses (as the client's generated documents hold them). */
export function clientOperation(name: string): string {
  const { definitions } = parse(readFileSync(DOCUMENT, 'utf8'));
  const operation = definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name);
  if (!operation) throw new Error(`${DOCUMENT} has no operation ${name}`);
  const fragments = new Map(definitions.filter(isFragment).map((fragment) => [fragment.name.value, fragment]));
  const used = new Map<string, FragmentDefinitionNode>();
  const spreadsOf = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread: ({ name: { value } }) => {
        const fragment = fragments.get(value);
        if (!fragment || used.has(value)) return;
        used.set(value, fragment);
        spreadsOf(fragment);
      },
    });
  spreadsOf(operation);
  return [operation, ...used.values()].map((definition) => print(definition)).join('\n\n');
}
