import {
  createSourceEventStream,
  execute,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { ExpiringCache } from '@charla/platform';

/**
 * One event reaches many subscribers. Those whose operation is the same (same document,
 * operation and variables) and selects no `@personal` field would all compute the same
 * result, so it is executed once per event and shared; with it goes its serialized JSON
 * (see `DirectFrames` in frames.ts). Personal selections (my email, a direct chat's title) still
 * execute per subscriber.
 */
export class FanOut {
  /** Per event payload (the same object for its whole audience): operation key → result. */
  private readonly results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  /** Clients send a handful of distinct subscription documents; bounded anyway. */
  private readonly personalDocuments = new ExpiringCache<string, boolean>(1_000);

  constructor(private readonly schema: GraphQLSchema) {}

  /** graphql's `subscribe`, sharing each event's execution among identical operations. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    // An ExecutionResult here carries the errors that kept the stream from starting.
    if (!(Symbol.asyncIterator in source)) return source;
    const key = this.sharedKey(args);
    const run = (payload: unknown): Promise<ExecutionResult> | ExecutionResult => {
      const single = () => execute({ ...args, rootValue: payload });
      if (key === undefined || typeof payload !== 'object' || payload === null) return single();
      let byOperation = this.results.get(payload);
      if (!byOperation) this.results.set(payload, (byOperation = new Map()));
      let result = byOperation.get(key);
      if (!result) byOperation.set(key, (result = Promise.resolve(single())));
      return result;
    };
    return mapIterator(source as AsyncGenerator<unknown>, run);
  };

  /** The operation's identity when its result does not depend on who subscribed; else undefined. */
  private sharedKey(args: ExecutionArgs): string | undefined {
    const text = print(args.document);
    let personal = this.personalDocuments.get(text);
    if (personal === undefined) {
      personal = selectsPersonalField(this.schema, args.document);
      this.personalDocuments.set(text, personal, Number.POSITIVE_INFINITY);
    }
    if (personal) return undefined;
    return `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${text}`;
  }
}

/** True when the document selects a field whose definition carries `@personal`. */
function selectsPersonalField(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let personal = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: () => {
        if (typeInfo.getFieldDef()?.astNode?.directives?.some((directive) => directive.name.value === 'personal')) personal = true;
      },
    }),
  );
  return personal;
}

/**
 * Maps a source stream like graphql's own subscribe does. Not an async generator: return()
 * must reach the source at once, even while a next() is waiting for an event.
 */
function mapIterator<T, U>(source: AsyncGenerator<T>, map: (value: T) => Promise<U> | U): AsyncIterableIterator<U> {
  const step = async (result: IteratorResult<T>): Promise<IteratorResult<U>> =>
    result.done ? { value: undefined, done: true } : { value: await map(result.value), done: false };
  return {
    next: () => source.next().then(step),
    return: async () => {
      await source.return(undefined);
      return { value: undefined, done: true };
    },
    throw: async (error: unknown) => {
      await source.return(undefined);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
