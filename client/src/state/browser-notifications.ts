import type { NotificationPort, Permission } from './notifications';

/** window.Notification as the chat's port; 'unsupported' where the browser has none (or only in secure contexts). */
export function browserNotifications(): NotificationPort {
  const api = typeof Notification === 'undefined' ? undefined : Notification;
  return {
    permission: () => (api ? (api.permission as Permission) : 'unsupported'),
    request: async () => (api ? ((await api.requestPermission()) as Permission) : 'unsupported'),
    show: ({ title, body, tag }, onClick) => {
      if (!api || api.permission !== 'granted') return;
      const shown = new api(title, { body, tag });
      shown.onclick = () => {
        onClick();
        shown.close();
      };
    },
  };
}
