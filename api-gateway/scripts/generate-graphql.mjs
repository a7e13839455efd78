// Generates TypeScript from schema.graphql, the single source of truth for the GraphQL API:
// the gateway's resolver types and the client's operation types. `npm run generate` at the root.
// Usage: node api-gateway/scripts/generate-graphql.mjs [--check] [target…]
//   --check: fail if a file is stale; targets (e.g. api-gateway, client): only the files under them
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegen } from '@graphql-codegen/core';
import * as typescript from '@graphql-codegen/typescript';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import * as typescriptResolvers from '@graphql-codegen/typescript-resolvers';
import * as typedDocumentNode from '@graphql-codegen/typed-document-node';
import { parse } from 'graphql';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaPath = join(root, 'api-gateway', 'src', 'schema.graphql');
const schema = parse(readFileSync(schemaPath, 'utf8'));
const pluginMap = { typescript, typescriptOperations, typescriptResolvers, typedDocumentNode };
const header = `// Generated from api-gateway/src/schema.graphql by api-gateway/scripts/generate-graphql.mjs: do not edit.\n`;
const common = { enumsAsTypes: true, useTypeImports: true, scalars: { ID: 'string' } };

/** What is generated, and from what. */
const targets = [
  {
    filename: 'api-gateway/src/graphql/generated.ts',
    documents: [],
    plugins: [{ typescript: {} }, { typescriptResolvers: {} }],
    config: {
      ...common,
      contextType: '../context#RequestContext',
      useIndexSignature: false,
      // What the resolvers return and receive as parents: the services' messages, not copies
      // (imported as UserModel, …, beside the schema's own User, …).
      mapperTypeSuffix: 'Model',
      mappers: {
        User: '@charla/proto/users#User',
        Conversation: '@charla/proto/messages#Conversation',
        Member: '@charla/proto/messages#Member',
        Message: '@charla/proto/messages#Message',
        Attachment: '@charla/proto/messages#Attachment',
        TypingEvent: '../live/typing#TypingChange',
        Reaction: '@charla/proto/messages#Reaction',
        SystemChange: '@charla/proto/messages#SystemChange',
      },
      // GraphQL enum names map onto the proto enums (resolvers/*Enum).
      enumValues: {
        UserStatus: '@charla/proto/users#UserStatus',
        UserRole: '@charla/proto/users#UserRole',
        MessageStatus: '@charla/proto/messages#MessageStatus',
        ConversationKind: '@charla/proto/messages#ConversationKind',
        MemberRole: '@charla/proto/messages#MemberRole',
        MessageKind: '@charla/proto/messages#MessageKind',
        SystemAction: '@charla/proto/messages#SystemAction',
        NotificationLevel: '@charla/proto/users#NotificationLevel',
      },
    },
  },
  {
    filename: 'client/src/api/generated.ts',
    documents: ['client/src/api/operations.graphql'],
    // Each operation as a typed string (with the fragments it uses): what the client sends.
    plugins: [{ typescriptOperations: {} }, { typedDocumentNode: { documentMode: 'string' } }],
    config: { ...common, avoidOptionals: { field: true, inputValue: false, object: true } },
  },
];

const check = process.argv.includes('--check');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
let stale = 0;
for (const target of targets.filter((t) => only.length === 0 || only.some((prefix) => t.filename.startsWith(`${prefix}/`)))) {
  const documents = target.documents
    .map((path) => join(root, path))
    .filter((path) => existsSync(path))
    .map((path) => ({ location: relative(root, path), document: parse(readFileSync(path, 'utf8')) }));
  const output = header + (await codegen({ ...target, schema, documents, pluginMap, filename: target.filename }));
  const path = join(root, target.filename);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current === output) continue;
  if (check) {
    console.error(`${target.filename} is stale: run npm run generate`);
    stale++;
  } else {
    writeFileSync(path, output);
    console.log(`wrote ${target.filename}`);
  }
}
process.exit(stale > 0 ? 1 : 0);
