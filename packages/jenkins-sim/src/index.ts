/**
 * A Jenkins REST API simulator.
 *
 * @packageDocumentation
 */
export {};
