import { createRouter } from '../router.js';
import { registerDeleteSession } from './delete.js';
import { registerGetSessions } from './get.js';
import { registerGetGovernor } from './governor-get.js';
import { registerPutGovernor } from './governor-put.js';
import { registerResumeGovernor } from './governor-resume.js';
import { registerGetSession } from './get-one.js';
import { registerPairingCode } from './pairing-code.js';
import { registerPatchSession } from './patch.js';
import { registerPostSession } from './post.js';
import { registerReconnectSession } from './reconnect.js';

export function sessionsRoutes() {
  const router = createRouter();
  registerPostSession(router);
  registerGetSessions(router);
  registerGetSession(router);
  registerDeleteSession(router);
  registerPairingCode(router);
  registerPatchSession(router);
  registerReconnectSession(router);
  registerGetGovernor(router);
  registerPutGovernor(router);
  registerResumeGovernor(router);
  return router;
}
