import { createApp } from './app.js';
import { depsFromEnv } from './deps.js';

const app = createApp(depsFromEnv);

export default { fetch: app.fetch };
