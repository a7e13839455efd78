import {
  Server,
  ServerCredentials,
  Metadata,
  status as GrpcCode,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type UntypedServiceImplementation,
  type handleClientStreamingCall,
  type handleServerStreamingCall,
  type handleUnaryCall,
  type sendUnaryData,
} from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { readFileSync } from 'node:fs';
import { FileDescriptorProto, FileDescriptorSet } from 'protobufjs/ext/descriptor';
import type { Logger } from '../logger';
import { countRequest, requestsTotal } from '../metrics';
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from '../request-id';
import { toStatusObject } from './status';

/** What a handler knows about its call beyond the request. */
export interface CallContext {
  metadata: Metadata;
  /** Aborted when the client cancels or its deadline passes: stop working then. */
  signal: AbortSignal;
  /** Sends response headers now, before the first message (a stream's starting cursor, say). */
  sendHeaders(headers: Record<string, string>): void;
}

export type UnaryHandler<Req, Res> = (request: Req, context: CallContext) => Promise<Res>;
export type StreamHandler<Req, Res> = (
  request: Req,
  context: CallContext,
  send: (response: Res) => Promise<void>,
) => Promise<void>;

/**
 * A client stream's handler reads the requests as they arrive: the next frame is read only
 * when the loop asks for it, so a slow handler holds the sender back (HTTP/2 flow control).
 */
export type ClientStreamHandler<Req, Res> = (requests: AsyncIterable<Req>, context: CallContext) => Promise<Res>;

/**
 * The async handlers for a generated `…Server` interface, one per RPC. The interface also
 * extends grpc-js's index signature; mapping over it would demand `never` for every name.
 */
export type Handlers<S> = {
  [K in keyof S as string extends K ? never : K]: S[K] extends handleUnaryCall<infer Req, infer Res>
    ? UnaryHandler<Req, Res>
    : S[K] extends handleServerStreamingCall<infer Req, infer Res>
      ? StreamHandler<Req, Res>
      : S[K] extends handleClientStreamingCall<infer Req, infer Res>
        ? ClientStreamHandler<Req, Res>
        : never;
};

/** Every kind of call: its metadata, its headers, and its 'cancelled' event. */
type AnyCall = Pick<ServerUnaryCall<unknown, unknown>, 'metadata' | 'sendMetadata'> & NodeJS.EventEmitter;

function contextOf(call: AnyCall): CallContext {
  // Made when a handler first asks for it: grpc-js reports every call's stream closing as
  // 'cancelled', answered or not, and an abort (its DOMException) costs more than a short call.
  let controller: AbortController | undefined;
  let cancelled = false;
  call.once('cancelled', () => {
    cancelled = true;
    controller?.abort();
  });
  const sendHeaders = (headers: Record<string, string>) => {
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
    call.sendMetadata(metadata);
  };
  return {
    metadata: call.metadata,
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (cancelled) controller.abort();
      }
      return controller.signal;
    },
    sendHeaders,
  };
}

type Failure = ReturnType<typeof toStatusObject>;

/**
 * Runs one call for its request id (the caller's `x-request-id` metadata, or a new one), so
 * its log lines and onward calls carry it, and counts it by RPC and status code when it ends.
 * A stream's lifetime is no latency: streams are counted, not timed.
 */
function serve<T>(call: AnyCall, rpc: string, timed: boolean, work: () => Promise<T>, log: Logger, end: (failure: Failure | undefined, response?: T) => void): void {
  const started = process.hrtime.bigint();
  const count = (code: string) => {
    if (timed) countRequest('grpc', rpc, code, started);
    else requestsTotal.inc({ door: 'grpc', method: rpc, code });
    log.debug({ rpc, code, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'gRPC call');
  };
  withRequestId(requestIdFrom(call.metadata.get(REQUEST_ID_HEADER)[0]), () =>
    work().then(
      (response) => {
        count('OK');
        end(undefined, response);
      },
      (error: unknown) => {
        const failure = toStatusObject(error, log);
        count(GrpcCode[failure.code ?? GrpcCode.UNKNOWN] ?? 'UNKNOWN');
        end(failure);
      },
    ),
  );
}

/**
 * Adapts async handlers to grpc-js. Every failure goes through the one error mapper, so a
 * handler only ever throws domain errors and returns plain responses.
 */
export function implement<S>(definition: ServiceDefinition, handlers: Handlers<S>, log: Logger): UntypedServiceImplementation {
  const implementation: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const handler = (handlers as Record<string, unknown>)[name];
    if (typeof handler !== 'function') throw new Error(`no handler for ${method.path}`);
    const rpc = method.path.slice(method.path.lastIndexOf('/') + 1);
    if (method.responseStream) {
      const stream = handler as StreamHandler<unknown, unknown>;
      implementation[name] = (call: ServerWritableStream<unknown, unknown>) => {
        const context = contextOf(call);
        const send = (response: unknown) =>
          new Promise<void>((resolve) => {
            // Respect back-pressure: wait for the socket to drain before the next event.
            if (call.write(response)) resolve();
            else call.once('drain', resolve);
          });
        serve(call, rpc, false, () => stream(call.request, context, send), log, (failure) => {
          if (!failure) call.end();
          else if (!context.signal.aborted) call.emit('error', failure);
        });
      };
    } else if (method.requestStream) {
      const reader = handler as ClientStreamHandler<unknown, unknown>;
      implementation[name] = (call: ServerReadableStream<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        serve(call, rpc, true, () => reader(call, contextOf(call)), log, (failure, response) => (failure ? callback(failure) : callback(null, response)));
      };
    } else {
      const unary = handler as UnaryHandler<unknown, unknown>;
      implementation[name] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        serve(call, rpc, true, () => unary(call.request, contextOf(call)), log, (failure, response) => (failure ? callback(failure) : callback(null, response)));
      };
    }
  }
  return implementation;
}

/**
 * The definition with these methods' responses encoded once per response object: a handler that
 * answers again with an object it answered with before (a kept page, which nobody changes once
 * it is returned) sends the bytes made the first time. Bytes live as long as their object.
 */
export function encodingOnce(definition: ServiceDefinition, methods: string[]): ServiceDefinition {
  const copy: Record<string, ServiceDefinition[string]> = { ...definition };
  for (const name of methods) {
    const method = definition[name];
    if (!method || method.responseStream) throw new Error(`${name} is no unary method of this service`);
    const encoded = new WeakMap<object, Buffer>();
    copy[name] = {
      ...method,
      responseSerialize: (value: object) => {
        let bytes = encoded.get(value);
        if (!bytes) {
          bytes = method.responseSerialize(value);
          encoded.set(value, bytes);
        }
        return bytes;
      },
    };
  }
  return copy;
}

export interface GrpcServiceBinding {
  /** Fully-qualified name, e.g. charla.users.v1.UsersService, for health and logs. */
  name: string;
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

export interface StartGrpcOptions {
  host: string;
  port: number;
  services: GrpcServiceBinding[];
  /** .proto files (relative to the proto root) served by reflection. */
  protoFiles: string[];
  log: Logger;
}

export interface RunningGrpcServer {
  port: number;
  health: HealthImplementation;
  /** Stops taking calls, lets running ones finish for up to graceMs, then cuts the rest. */
  stop(graceMs?: number): Promise<void>;
}

const descriptorSetPath = require.resolve('@charla/proto/descriptors.binpb');

/** Services every Charla server also offers, reflected beside its own. */
const STANDARD_FILES = ['health/v1/health.proto', 'grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto'];

interface DescriptorFile {
  name: string;
  dependency: string[];
}

/**
 * What reflection serves: the named files and everything they import, from the descriptor
 * set `npm run generate` builds with buf, under their real names. (proto-loader's own
 * descriptors merge each package into one file with no imports, which reflection clients
 * such as buf curl and grpcurl cannot link: grpc-node#2595.)
 */
function reflectedFiles(protoFiles: string[]): PackageDefinition {
  const set = FileDescriptorSet.decode(readFileSync(descriptorSetPath)) as unknown as { file: DescriptorFile[] };
  const byName = new Map(set.file.map((file) => [file.name, file]));
  const wanted = new Set<string>();
  const visit = (name: string) => {
    const file = byName.get(name);
    if (!file) throw new Error(`${name} is not in ${descriptorSetPath}: run npm run generate`);
    if (wanted.has(name)) return;
    wanted.add(name);
    file.dependency.forEach(visit);
  };
  [...protoFiles, ...STANDARD_FILES].forEach(visit);
  const fileDescriptorProtos = [...wanted].map((name) => Buffer.from(FileDescriptorProto.encode(byName.get(name) as never).finish()));
  // ReflectionService reads only `fileDescriptorProtos` from each entry of a package definition.
  return { 'charla.reflected': { fileDescriptorProtos } } as unknown as PackageDefinition;
}

/** Starts a gRPC server with the services, grpc.health.v1 and reflection (v1 and v1alpha). */
export async function startGrpcServer(options: StartGrpcOptions): Promise<RunningGrpcServer> {
  const server = new Server({
    'grpc.max_receive_message_length': 4 * 1024 * 1024,
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_permit_without_calls': 1,
  });
  for (const service of options.services) server.addService(service.definition, service.implementation);

  const statuses: Record<string, 'SERVING'> = { '': 'SERVING' };
  for (const service of options.services) statuses[service.name] = 'SERVING';
  const health = new HealthImplementation(statuses);
  health.addToServer(server);

  new ReflectionService(reflectedFiles(options.protoFiles)).addToServer(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  options.log.info({ port }, 'gRPC listening');

  return {
    port,
    health,
    stop: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        for (const name of Object.keys(statuses)) health.setStatus(name, 'NOT_SERVING');
        const timer = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
