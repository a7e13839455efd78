import type { ChannelOptions } from '@grpc/grpc-js';

/**
 * Options for the one long-lived channel a process keeps to each Charla service. Reconnect
 * backoff is capped at 2 s (grpc-js grows it to 120 s): parts start in any order, and one that
 * comes up before the service it calls should be usable within seconds of that service.
 */
export const SERVICE_CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': 4 * 1024 * 1024,
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 2_000,
};
