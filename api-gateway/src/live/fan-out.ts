import {
  createSourceEventStream,
  defaultFieldResolver,
  execute,
  GraphQLError,
  isObjectType,
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
import type { Receiver } from './channel';

/**
 * One event reaches many subscribers. Those whose operation is the same (same document,
 * operation and variables) would all compute the same result unless it resolves a `@personal`
 * field, so it is executed once per event and shared; with it goes its serialized JSON
 * (`ResultJson` in frames.ts). A result that did resolve a personal field (my email, a direct
 * chat's title, whether I reacted) is executed again for each subscriber.
 */
export class FanOut {
  /** Per event payload (the same object for its whole audience): operation key → its first execution. */
  private readonly results = new WeakMap<object, Map<string, Probe>>();
  /** Clients send a handful of distinct subscription documents; bounded anyway. */
  private readonly personalDocuments = new ExpiringCache<string, boolean>(1_000);
  /** Each distinct operation (document, operation name, variables) once; bounded like the documents. */
  private readonly operations = new ExpiringCache<string, SharedOperation>(10_000);
  /** The printed text of each document (the socket parses each text once, so the same object comes back). */
  private readonly printed = new WeakMap<DocumentNode, string>();

  constructor(private readonly schema: GraphQLSchema) {
    notePersonalResolves(schema);
  }

  /** graphql's `subscribe`, sharing each event's execution among identical operations. */
  subscribe = async (args: ExecutionArgs): Promise<SharedStream | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    // An ExecutionResult here carries the errors that kept the stream from starting.
    if (!(Symbol.asyncIterator in source)) return source;
    return new SharedStream(this, args, this.sharedKey(args), source as unknown as AsyncIterator<unknown> & Partial<DirectSource>);
  };

  /** One event's result for one subscriber: the first execution of its operation for this event, or their own. */
  resultOf(args: ExecutionArgs, operation: SharedOperation, payload: unknown): SharedResult {
    if (typeof payload !== 'object' || payload === null) return single(args, payload);
    let byOperation = this.results.get(payload);
    if (!byOperation) this.results.set(payload, (byOperation = new Map()));
    const first = byOperation.get(operation.key);
    if (!first) {
      // The first subscriber's execution is theirs, and everyone's if it resolved nothing personal.
      const context = args.contextValue;
      const probing = operation.personal && typeof context === 'object' && context !== null;
      // A context the probe cannot ride on counts as personal: everyone executes their own.
      const probe: Probe = { touched: operation.personal && !probing, result: undefined as unknown as SharedResult };
      const contextValue = probing ? { ...context, [PROBE]: probe } : context;
      probe.result = new SharedResult(execute({ ...args, contextValue, rootValue: payload }));
      byOperation.set(operation.key, probe);
      return probe.result;
    }
    return operation.personal ? SharedResult.after(first.result, () => (first.touched ? single(args, payload) : undefined)) : first.result;
  }

  /**
   * The operation's identity (same document, operation and variables), and whether it selects
   * a `@personal` field: such a result is shared only when its execution resolved none of them
   * (a new message's reactions are empty, so whether I reacted never comes up). Subscribers of
   * the same operation share one such object, so a subscription holds no key of its own.
   */
  private sharedKey(args: ExecutionArgs): SharedOperation {
    let text = this.printed.get(args.document);
    if (text === undefined) this.printed.set(args.document, (text = print(args.document)));
    let personal = this.personalDocuments.get(text);
    if (personal === undefined) {
      personal = selectsPersonalField(this.schema, args.document);
      this.personalDocuments.set(text, personal, Number.POSITIVE_INFINITY);
    }
    const key = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${text}`;
    let operation = this.operations.get(key);
    if (!operation) this.operations.set(key, (operation = { key, personal }), Number.POSITIVE_INFINITY);
    return operation;
  }
}

/** An operation as subscribers share it: its identity and whether it selects a `@personal` field. */
interface SharedOperation {
  readonly key: string;
  readonly personal: boolean;
}

const single = (args: ExecutionArgs, payload: unknown) => new SharedResult(execute({ ...args, rootValue: payload }));

/** An event's first execution for an operation, and whether it resolved a `@personal` field. */
interface Probe {
  touched: boolean;
  result: SharedResult;
}

/** Where a probing execution's context carries its Probe. */
const PROBE = Symbol('personal probe');

/**
 * Wraps the resolver of every `@personal` field (once per schema) so that an execution whose
 * context carries a Probe learns that a result depended on who asked.
 */
function notePersonalResolves(schema: GraphQLSchema): void {
  if (noted.has(schema)) return;
  noted.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.astNode?.directives?.some((directive) => directive.name.value === 'personal')) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, fieldArgs, context, info) => {
        const probe = (context as { [PROBE]?: Probe } | undefined)?.[PROBE];
        if (probe) probe.touched = true;
        return resolve(source, fieldArgs, context, info);
      };
    }
  }
}

const noted = new WeakSet<GraphQLSchema>();

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
 * One event's execution for one operation, shared by all who subscribed to it: ready once the
 * execution resolved, and then handed at once to everyone who asked (no promise each).
 */
export class SharedResult {
  value: ExecutionResult | undefined;
  private waiting: ((result: ExecutionResult) => void)[] | undefined = [];
  private settled: Promise<ExecutionResult> | undefined;

  constructor(running?: Promise<ExecutionResult> | ExecutionResult) {
    if (running === undefined) return;
    if (!isPromise(running)) this.settle(running);
    else running.then((value) => this.settle(value), (error: unknown) => this.settle(failed(error)));
  }

  /** `source`'s result, unless `own` (asked once it is ready) gives this subscriber one of their own. */
  static after(source: SharedResult, own: () => SharedResult | undefined): SharedResult {
    const result = new SharedResult();
    source.onReady((value) => {
      const mine = own();
      if (mine) mine.onReady((theirs) => result.settle(theirs));
      else result.settle(value);
    });
    return result;
  }

  /** The result as a promise, for consumers that iterate. */
  get promise(): Promise<ExecutionResult> {
    return (this.settled ??= new Promise((resolve) => this.onReady(resolve)));
  }

  /** Calls `ready` with the result: now if it is there, else the moment it is. */
  onReady(ready: (result: ExecutionResult) => void): void {
    if (this.value) ready(this.value);
    else this.waiting!.push(ready);
  }

  private settle(value: ExecutionResult): void {
    this.value = value;
    const waiting = this.waiting;
    this.waiting = undefined;
    for (const ready of waiting ?? []) ready(value);
  }
}

function isPromise<T>(value: Promise<T> | T): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}

const failed = (error: unknown): ExecutionResult => ({ errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error })] });

/** A source that can hand its values to a receiver as they come, instead of through next() (Channel.direct). */
export interface DirectSource {
  direct(receiver: Receiver<unknown>): void;
}

/** Takes a subscription's results in event order (each perhaps not ready yet), then its end. */
export interface ResultSink {
  next(result: SharedResult): void;
  end(error?: unknown): void;
}

/**
 * One subscription's source mapped to its shared results, as graphql's own subscribe maps a
 * source to executions. A live Channel pushes each event here as it arrives and the result
 * goes straight on to the sink: no promise per subscriber per event. One object per
 * subscription, its state in fields rather than closures (an idle socket's memory).
 */
export class SharedStream implements Receiver<unknown> {
  private sink: ResultSink | undefined;

  constructor(
    private readonly fanOut: FanOut,
    private readonly args: ExecutionArgs,
    private readonly operation: SharedOperation,
    private readonly source: AsyncIterator<unknown> & Partial<DirectSource>,
  ) {}

  /** Starts handing results to `sink`. */
  start(sink: ResultSink): void {
    this.sink = sink;
    if (this.source.direct) this.source.direct(this);
    else void pump(this.source, this);
  }

  /** Ends the source at once (the client completed, or its socket closed). */
  stop(): void {
    void this.source.return?.();
  }

  receive(payload: unknown): void {
    this.sink?.next(this.fanOut.resultOf(this.args, this.operation, payload));
  }

  ended(error?: unknown): void {
    this.sink?.end(error);
  }
}

/** A source that cannot push (any AsyncIterator a resolver returns): pulled one value at a time. */
async function pump(source: AsyncIterator<unknown>, receiver: Receiver<unknown>): Promise<void> {
  try {
    for (;;) {
      const step = await source.next();
      if (step.done) break;
      receiver.receive(step.value);
    }
  } catch (error) {
    receiver.ended(error);
    return;
  }
  receiver.ended();
}
