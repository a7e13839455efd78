/** The emoji picker's size (rich.css), to open it where it fits in the window. */
const PICKER = { width: 316, height: 350, gap: 6, margin: 8 };

export interface PickerPlace {
  left: number;
  top: number;
}

/**
 * Where the picker opens, in the window: above its button, below it when there is no room
 * above, and always whole on screen (the message list scrolls and would clip it).
 */
export function placePicker(button: Pick<DOMRect, 'left' | 'top' | 'bottom'>, width: number, height: number): PickerPlace {
  const { margin, gap } = PICKER;
  const fits = (top: number) => top >= margin && top + PICKER.height <= height - margin;
  const above = button.top - gap - PICKER.height;
  const below = button.bottom + gap;
  const top = fits(above) ? above : fits(below) ? below : Math.max(margin, height - margin - PICKER.height);
  const left = Math.min(Math.max(margin, button.left), Math.max(margin, width - margin - PICKER.width));
  return { left, top };
}
