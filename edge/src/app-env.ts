import type { Principal } from './auth/principal.js';
import type { Deps } from './deps.js';
import type { Env } from './env.js';

export type AppEnv = { Bindings: Env; Variables: { deps: Deps; principal: Principal | null; requestId: string } };
