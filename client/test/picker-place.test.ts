// Where the emoji picker opens: whole in the window wherever its button is.
import { placePicker } from '../src/views/place';

const button = (left: number, top: number) => ({ left, top, bottom: top + 30 });
const WIDTH = 1280;
const HEIGHT = 800;

describe('the emoji picker opens where it is seen whole', () => {
  it('opens above a button low in the window', () => {
    expect(placePicker(button(400, 600), WIDTH, HEIGHT)).toEqual({ left: 400, top: 600 - 6 - 350 });
  });

  it('opens below a button near the top, where there is no room above', () => {
    expect(placePicker(button(400, 120), WIDTH, HEIGHT)).toEqual({ left: 400, top: 120 + 30 + 6 });
  });

  it('stays inside a window too short for either side, and inside its right edge', () => {
    const place = placePicker(button(1200, 300), WIDTH, 500);
    expect(place.top).toBeGreaterThanOrEqual(8);
    expect(place.top + 350).toBeLessThanOrEqual(500 - 8);
    expect(place.left + 316).toBeLessThanOrEqual(WIDTH - 8);
  });
});
