import { createRouter } from '../router.js';
import { registerCheckContacts } from './check.js';
import { registerGetContact } from './get.js';

export function contactsRoutes() {
  const router = createRouter();
  // check first: "/contacts/check" is not a contact id
  registerCheckContacts(router);
  registerGetContact(router);
  return router;
}
