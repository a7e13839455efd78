import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Attachment } from '../state/uploads';
import { readableSize } from '../state/uploads';

/**
 * An image at full size over the page. Escape, the close button or a click outside closes
 * it; focus moves into it on opening, stays inside while it is open (Tab cycles), and goes
 * back to what opened it.
 */
export function Lightbox({ attachment, onClose }: { attachment: Attachment; onClose: () => void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const close = useRef<HTMLButtonElement>(null);

  // A layout effect: its clean-up runs as the lightbox is removed, so focus goes back before
  // the page can see it on nothing (a passive effect's clean-up waits until after paint).
  useLayoutEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      } else if (e.key === 'Tab' && dialog.current) {
        const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button, a[href]')];
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last?.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first?.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      // Back to what opened it; if the list re-rendered that button meanwhile (a receipt, a
      // message arriving), to the button that shows the same file now.
      const back = opener?.isConnected && opener !== document.body ? opener : document.querySelector<HTMLElement>(`[data-attachment-id="${attachment.id}"]`);
      back?.focus();
    };
  }, []);

  return (
    <div class="lightbox" role="dialog" aria-modal="true" aria-label={attachment.name} ref={dialog} onClick={(e) => e.target === e.currentTarget && onClose()}>
      <figure>
        <img src={attachment.url} alt={attachment.name} width={attachment.width ?? undefined} height={attachment.height ?? undefined} />
        <figcaption>
          <span>
            {attachment.name} · {readableSize(attachment.size)}
            {attachment.width && attachment.height ? ` · ${attachment.width}×${attachment.height}` : ''}
          </span>
          <a href={attachment.url} download={attachment.name} class="ghost small">
            Download
          </a>
          <button type="button" class="ghost small" ref={close} onClick={onClose} aria-label="Close">
            Close
          </button>
        </figcaption>
      </figure>
    </div>
  );
}
