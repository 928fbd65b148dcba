/**
 * The baseline for the ingest bench: express with the same JSON body limit, answering 202
 * to every POST without doing anything. Prints `listening PORT`.
 */
import express from 'express';

const app = express();
app.use(express.json({ limit: '256kb', type: () => true }));
app.post('/v1/graylog', (req, res) => {
  res.status(202).json({ accepted: 1, received: typeof req.body === 'object' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
