export { LogAccessHint } from './LogAccessHint';
