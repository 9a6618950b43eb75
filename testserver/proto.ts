/**
 * Protobuf plumbing for the in-memory Temporal service: the SDK's own descriptors (@temporalio/proto),
 * gRPC service definitions built from them, and conversions between protobuf time values and milliseconds.
 */
import * as grpc from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
// The unpatched JSON root: protobufjs reflection with every Temporal API message and service.
 
const root = require('@temporalio/proto/protos/json-module.js') as protobuf.Root;

export { root };

export function lookupType(name: string): protobuf.Type {
  return root.lookupType(name);
}

/** Any plain object or decoded message; protobufjs' fromObject accepts both. */
export type Obj = Record<string, any>;  

export type UnaryHandler = (request: Obj, call: grpc.ServerUnaryCall<Obj, Obj>) => Promise<Obj>;

/** A gRPC error with a status code, as the SDK expects (NOT_FOUND, ALREADY_EXISTS, INVALID_ARGUMENT…). */
export class RpcError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

/** Builds a grpc-js service from a protobuf service: every method answers, unimplemented ones with UNIMPLEMENTED. */
export function buildService(serviceName: string, handlers: Record<string, UnaryHandler>): { definition: grpc.ServiceDefinition; implementation: grpc.UntypedServiceImplementation } {
  const service = root.lookupService(serviceName);
  const definition: Record<string, grpc.MethodDefinition<Obj, Obj>> = {};
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of Object.values(service.methods)) {
    method.resolve();
    const req = method.resolvedRequestType as protobuf.Type;
    const res = method.resolvedResponseType as protobuf.Type;
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (value: Obj) => Buffer.from(req.encode(req.fromObject(value)).finish()),
      requestDeserialize: (bytes: Buffer) => req.decode(bytes) as unknown as Obj,
      responseSerialize: (value: Obj) => Buffer.from(res.encode(res.fromObject(value)).finish()),
      responseDeserialize: (bytes: Buffer) => res.decode(bytes) as unknown as Obj,
      originalName: method.name,
    };
    const handler = handlers[method.name];
    implementation[method.name] = (call: grpc.ServerUnaryCall<Obj, Obj>, callback: grpc.sendUnaryData<Obj>) => {
      if (!handler) {
        callback({ code: grpc.status.UNIMPLEMENTED, details: `${method.name} is not implemented by the dondoc test server` });
        return;
      }
      handler(call.request, call).then(
        (response) => callback(null, response),
        (error: unknown) => {
          if (error instanceof RpcError) callback({ code: error.code, details: error.message });
          else callback({ code: grpc.status.INTERNAL, details: error instanceof Error ? error.stack ?? error.message : String(error) });
        },
      );
    };
  }
  return { definition, implementation };
}

/** int64 fields decode as Long objects; numbers in our range are exact as JS numbers. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  return Number(String(value));
}

export function timestamp(ms: number): Obj {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) };
}

export function timestampMs(value: Obj | null | undefined): number {
  if (!value) return 0;
  return num(value.seconds) * 1000 + Math.round(num(value.nanos) / 1e6);
}

/** A protobuf Duration in ms; 0 when unset. */
export function durationMs(value: Obj | null | undefined): number {
  if (!value) return 0;
  return num(value.seconds) * 1000 + Math.round(num(value.nanos) / 1e6);
}

export function duration(ms: number): Obj {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round((ms % 1000) * 1e6) };
}

/** Wraps a message as google.protobuf.Any. */
export function toAny(typeName: string, value: Obj): Obj {
  const type = lookupType(typeName);
  // The descriptor keeps the field's proto name, type_url.
  return { type_url: `type.googleapis.com/${typeName}`, value: type.encode(type.fromObject(value)).finish() };
}

export function fromAny(any: Obj): { typeName: string; value: Obj } {
  const typeName = String(any.type_url ?? any.typeUrl).replace(/^.*\//, '');
  return { typeName, value: lookupType(typeName).decode(any.value as Uint8Array) as unknown as Obj };
}

export function enumName(enumType: string, value: unknown): string {
  const e = root.lookupEnum(enumType);
  return typeof value === 'string' ? value : (e.valuesById[num(value)] ?? String(value));
}
