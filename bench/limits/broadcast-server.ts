// The raw limit of fan-out on this machine: a `ws` server that writes one prebuilt frame to
// every socket, as fast as it can, when asked (GET /broadcast?count=n). No storage, no parsing.
//
//   PORT=4200 FRAME_BYTES=600 npx tsx bench/limits/broadcast-server.ts
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 4200);
const frame = `{"id":"1","type":"next","payload":{"data":"${'x'.repeat(Math.max(0, Number(process.env.FRAME_BYTES ?? 600) - 48))}"}}`;
const server = createServer((request, response) => {
  const count = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('count') ?? 0);
  response.writeHead(200).end('ok');
  let n = 0;
  // 100 frames per socket per turn of the event loop, so the sockets drain as it goes.
  const burst = () => {
    for (const end = Math.min(count, n + 100); n < end; n++) {
      for (const socket of wss.clients) socket.send(frame);
    }
    if (n < count) setImmediate(burst);
  };
  burst();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
server.listen(port, '127.0.0.1', () => console.log(`broadcast limit listening on ${port}`));
process.once('SIGTERM', () => process.exit(0));
