import { useRef } from 'preact/hooks';

interface Props<T extends string> {
  label: string;
  /** Prefix of the tab and panel ids (`<id>-tab-<value>`, `<id>-panel`). */
  id: string;
  tabs: readonly { value: T; label: string }[];
  selected: T;
  onSelect(value: T): void;
}

/**
 * An ARIA tab list: one Tab stop (the selected tab), arrow keys, Home and End move between tabs.
 * The panel it controls carries `id="<id>-panel"` and `aria-labelledby` from `tabPanelProps`.
 */
export function Tabs<T extends string>({ label, id, tabs, selected, onSelect }: Props<T>) {
  const list = useRef<HTMLDivElement>(null);
  const move = (e: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.value === selected);
    const next = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    onSelect(tab.value);
    list.current?.querySelector<HTMLButtonElement>(`#${id}-tab-${tab.value}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={label} ref={list} onKeyDown={move}>
      {tabs.map((t) => (
        <button
          key={t.value}
          id={`${id}-tab-${t.value}`}
          role="tab"
          type="button"
          aria-selected={t.value === selected}
          aria-controls={`${id}-panel`}
          tabIndex={t.value === selected ? 0 : -1}
          onClick={() => onSelect(t.value)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function tabPanelProps(id: string, selected: string) {
  return { id: `${id}-panel`, role: 'tabpanel', 'aria-labelledby': `${id}-tab-${selected}` } as const;
}
