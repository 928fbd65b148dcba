import express from 'express';
const app = express();
app.disable('x-powered-by'); app.set('etag', false); app.set('query parser', process.env.QP === '1' ? 'simple' : false);
app.post('/v1/graylog', (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const out = JSON.stringify({ accepted: 1, received: typeof body === 'object' });
    if (process.env.RJ === '1') { res.status(202).json(JSON.parse(out)); return; }
    res.writeHead(202, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
});
const server = app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`listening ${typeof a === 'object' && a ? a.port : 0}\n`);
});
