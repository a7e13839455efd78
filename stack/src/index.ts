// @charla/stack: Charla's parts started together for tests and benches.
export * from './client-operations';
export * from './door';
export * from './leftovers';
export * from './processes';
export * from './stack';
