// The sign-in page: admin credentials or a session token, then on to where the user was going.
import { api } from './api.js';
import { byId, main } from './dom.js';

const flashEl = byId('flash');
const next = main().dataset.next || '/dashboard';

function wire(form: HTMLFormElement, body: (data: FormData) => Record<string, unknown>): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    flashEl.hidden = true;
    try {
      await api('POST', '/auth/login', body(new FormData(form)));
      location.href = next;
    } catch (err) {
      flashEl.textContent = err instanceof Error ? err.message : String(err);
      flashEl.hidden = false;
      form.querySelector<HTMLInputElement>('input[type=password]')?.select();
    } finally {
      if (button) button.disabled = false;
    }
  });
}

wire(byId('admin-login', HTMLFormElement), (data) => ({ username: data.get('username'), password: data.get('password') }));
wire(byId('token-login', HTMLFormElement), (data) => ({ token: data.get('token') }));
