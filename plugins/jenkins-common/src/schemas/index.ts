export * from './jobs';
export * from './builds';
export * from './actions';
export * from './audit';
export * from './requests';
export * from './operations';
export * from './events';
export * from './overview';
