// The containers' health check, in Node (the images carry no grpc-health-probe or curl):
//   node platform/dist/healthcheck.js grpc 127.0.0.1:50051 [service]   grpc.health.v1 Check: SERVING?
//   node platform/dist/healthcheck.js http http://127.0.0.1:4000/readyz  a 2xx answer?
// Exits 0 when healthy, 1 otherwise, saying why on one line.
import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

const TIMEOUT_MS = 3_000;

function grpcHealth(address: string, serviceName: string): Promise<string> {
  const Health = makeGenericClientConstructor(healthService, 'Health');
  const client = new Health(address, credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.check({ service: serviceName }, { deadline: Date.now() + TIMEOUT_MS }, (error: ServiceError | null, response: { status?: string | number }) => {
      client.close();
      if (error) return reject(new Error(`${address}: ${error.details || error.message}`));
      const status = String(response.status);
      return status === 'SERVING' || status === '1' ? resolve(`${address} ${serviceName || '(all)'}: SERVING`) : reject(new Error(`${address}: ${status}`));
    });
  });
}

async function httpHealth(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return `${url}: ${response.status}`;
}

const [kind, target, serviceName = ''] = process.argv.slice(2);
const check = kind === 'grpc' && target ? grpcHealth(target, serviceName) : kind === 'http' && target ? httpHealth(target) : Promise.reject(new Error('usage: healthcheck grpc <host:port> [service] | http <url>'));
check.then(
  (line) => {
    console.log(`healthy: ${line}`);
    process.exit(0);
  },
  (error: unknown) => {
    console.log(`unhealthy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
