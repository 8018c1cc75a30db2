import type { createRouter } from './router.js';

/** What each operation file registers its route on. Its own module, so `routes/<resource>/index.ts`
 * (which imports the operation files) and the operation files do not import each other. */
export type Router = ReturnType<typeof createRouter>;
