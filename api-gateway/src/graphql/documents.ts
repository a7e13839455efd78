import { parse, type DocumentNode, type GraphQLError, type GraphQLSchema, type Source } from 'graphql';
import { ExpiringCache } from '@charla/platform';

/** Clients send a handful of distinct documents; bounded anyway (a hostile client could send many). */
const MAX_DOCUMENTS = 1_000;

/**
 * Each distinct GraphQL document parsed and validated once, not once per operation: a browser
 * sends the same few documents over and over (every sendMessage is the same text), and parsing
 * and validating were most of the socket's cost per message. The same text gives the same
 * DocumentNode, so its validation (which depends on the document alone, not on variables) is
 * remembered with it.
 */
export class DocumentCache {
  /** By source text. */
  private readonly parsed = new ExpiringCache<string, DocumentNode>(MAX_DOCUMENTS);
  private readonly validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();

  /** graphql's parse, remembered by source text (a syntax error is thrown each time, as parse does). */
  parse = (source: string | Source): DocumentNode => {
    if (typeof source !== 'string') return parse(source);
    let document = this.parsed.get(source);
    if (!document) this.parsed.set(source, (document = parse(source)), Number.POSITIVE_INFINITY);
    return document;
  };

  /** Wraps a validate function so each document is validated once. */
  validate(run: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[]): (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[] {
    return (schema, document) => {
      let errors = this.validated.get(document);
      if (!errors) this.validated.set(document, (errors = run(schema, document)));
      return errors;
    };
  }
}
