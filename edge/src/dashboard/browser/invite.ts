// The invite / reset page: the token from the link's fragment and a new password, posted once.
import { api } from './api.js';
import { byId, control } from './dom.js';

const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
const form = byId('accept-invite', HTMLFormElement);
const flashEl = byId('flash');

function say(message: string, error: boolean): void {
  flashEl.textContent = message;
  flashEl.className = error ? 'flash error' : 'flash';
  flashEl.hidden = false;
}

if (!token) say('This page needs the whole link the admin sent you (it ends in #token=…).', true);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const password = control(form, 'password', HTMLInputElement).value;
  if (password !== control(form, 'repeat', HTMLInputElement).value) return say('The two passwords differ.', true);
  const button = form.querySelector('button');
  if (button) button.disabled = true;
  try {
    const answer = await api<{ message: string }>('POST', '/auth/accept-invite', { token, password });
    // The link is spent: keep it out of the history, then on to sign in.
    history.replaceState(null, '', location.pathname);
    form.hidden = true;
    byId('signin').hidden = false;
    say(answer.message, false);
  } catch (err) {
    say(err instanceof Error ? err.message : String(err), true);
  } finally {
    if (button) button.disabled = false;
  }
});
