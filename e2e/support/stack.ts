/** Where `yarn start:oidc` serves each part of the stack. */
export const appUrl = 'http://localhost:3000';
export const backendUrl = 'http://localhost:7007';
export const idpUrl = 'http://localhost:7010';
// The simulator binds 127.0.0.1 only; use the address, not `localhost`.
export const simUrl = 'http://127.0.0.1:8080';

/** The simulator's administrator (demo scenario), for checking its records. */
export const simAdminAuth = `Basic ${Buffer.from('admin:admin-token').toString(
  'base64',
)}`;
