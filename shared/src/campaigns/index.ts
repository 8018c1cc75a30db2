// Campaign logic shared by the edge (validation at creation) and the session host (the runner).
export * from './csv.js';
export * from './placeholders.js';
export * from './recipients-csv.js';
export * from './recipients.js';
export * from './render-message.js';
export * from './status.js';
