import { createRouter } from '../router.js';
import { registerCloneList } from './clone.js';
import { registerDeleteList } from './delete.js';
import { registerExportList } from './export.js';
import { registerGetLists } from './get-all.js';
import { registerGetList } from './get-one.js';
import { registerImportList } from './import.js';
import { registerPostList } from './post.js';
import { registerPutList } from './put.js';

export function recipientListsRoutes() {
  const router = createRouter();
  registerPostList(router);
  registerGetLists(router);
  registerGetList(router);
  registerPutList(router);
  registerDeleteList(router);
  registerCloneList(router);
  registerImportList(router);
  registerExportList(router);
  return router;
}
