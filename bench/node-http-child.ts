/**
 * A second baseline for the ingest bench (target `node`, not run by default): the same
 * endpoint as bare-express-child.ts on node's own HTTP server, without express. It shows
 * what express itself costs per request. Prints `listening PORT`.
 */
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const text = JSON.stringify({ accepted: 1, received: typeof body === 'object' });
    res.writeHead(202, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
