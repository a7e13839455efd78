// The browser client's own operations fit the gateway's default query limits: a first screen
// refused as too costly would leave a person who did nothing wrong unable to load their chats.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import { gatewayConfigFromEnv } from '../src/app';
import { queryLimitRules } from '../src/guards/query-limits';

const schema = buildSchema(readFileSync(join(__dirname, '..', 'src', 'schema.graphql'), 'utf8'));
const operations = parse(readFileSync(join(__dirname, '..', '..', 'client', 'src', 'api', 'operations.graphql'), 'utf8'));
const names = operations.definitions.flatMap((d) => (d.kind === 'OperationDefinition' && d.name ? [d.name.value] : []));

/** One operation with every fragment, as the client sends it (unused fragments are allowed here). */
function alone(name: string): DocumentNode {
  return { ...operations, definitions: operations.definitions.filter((d) => d.kind === 'FragmentDefinition' || (d.kind === 'OperationDefinition' && d.name?.value === name)) };
}

const rules = [...specifiedRules.filter((rule) => rule.name !== 'NoUnusedFragmentsRule'), ...queryLimitRules(gatewayConfigFromEnv({}).limits)];

test('the client has operations to check', () => {
  expect(names).toEqual(expect.arrayContaining(['Home', 'Messages', 'SendMessage']));
});

test.each(names)('the client operation %s passes the default limits', (name) => {
  expect(validate(schema, alone(name), rules).map((e) => e.message)).toEqual([]);
});

test('the limits are what refuses a costlier first screen', () => {
  const tight = [...specifiedRules.filter((rule) => rule.name !== 'NoUnusedFragmentsRule'), ...queryLimitRules({ ...gatewayConfigFromEnv({}).limits, maxCost: 1000 })];
  expect(validate(schema, alone('Home'), tight).map((e) => e.extensions?.reason)).toContain('QUERY_TOO_COSTLY');
});
