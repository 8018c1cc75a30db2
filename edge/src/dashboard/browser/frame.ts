// What every signed-in page's frame does, whatever its own script: the sign-out button.
import { api } from './api.js';
import { maybeById } from './dom.js';
import { run } from './ui.js';

const logout = maybeById('logout', HTMLButtonElement);
logout?.addEventListener('click', () =>
  run(logout, async () => {
    await api('POST', '/auth/logout');
    location.href = '/dashboard/login';
  }),
);
