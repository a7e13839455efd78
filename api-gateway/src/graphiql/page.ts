import { dirname, join } from 'node:path';
import { Router, type Request } from 'express';

/** The files GraphiQL needs, served from node_modules: no CDN at run time. */
const ASSETS: Record<string, { module: string; file: string; type: string }> = {
  'react.js': { module: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { module: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { module: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { module: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
  'graphql-ws.js': { module: 'graphql-ws', file: 'umd/graphql-ws.min.js', type: 'text/javascript' },
};

function modulePath(name: string, file: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

/** A browser navigating to /graphql wants the IDE; API clients never ask for text/html first. */
export function wantsGraphiQL(request: Request): boolean {
  if (request.method !== 'GET' || request.query.query !== undefined) return false;
  return request.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

const DEFAULT_QUERY = `# Welcome to Charla's GraphQL API.
#
# 1. Run Register (or Login): the token it returns is used for the next requests
#    automatically (or put {"Authorization": "Bearer <token>"} in Headers below).
# 2. Run Rooms to find #general, then SendMessage, and Live in another tab.

mutation Register {
  register(input: { firstName: "Ana", lastName: "Diaz", username: "ana", password: "correct horse 1" }) {
    token
    user { id username }
  }
}

mutation Login {
  login(username: "ana", password: "correct horse 1") { token user { id username } }
}

query Rooms {
  rooms { id title lastSeq }
}

mutation SendMessage {
  sendMessage(conversationId: "1", body: "Hello from GraphiQL", clientId: "graphiql-1") { id seq body author { username } }
}

subscription Live {
  messageAdded { id conversationId seq body author { username } }
}
`;

/** The page: GraphiQL with a fetcher that sends the token as a header over HTTP and as connectionParams over graphql-ws. */
function html(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Charla GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">Loading…</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphql-ws.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script src="/graphiql/fetcher.js"></script>
</body>
</html>`;
}

/** Runs in the browser. Kept as plain ES2017 so it needs no build step. */
const FETCHER = `(function () {
  var TOKEN_KEY = 'charla.graphiql.token';
  var socketUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
  var sockets = {};

  function headerToken(headers) {
    for (var name in headers || {}) {
      if (name.toLowerCase() === 'authorization') {
        var match = /^Bearer\\s+(\\S+)/i.exec(String(headers[name]));
        if (match) return match[1];
      }
    }
    return null;
  }

  // The kind of the operation that will run: the named one, or the only one.
  function operationKind(query, operationName) {
    var text = query.replace(/#[^\\n]*/g, '');
    var pattern = /(^|[}\\s])(query|mutation|subscription)\\b\\s*([_A-Za-z][_0-9A-Za-z]*)?/g;
    var match, first = null;
    while ((match = pattern.exec(text))) {
      if (!first) first = match[2];
      if (operationName && match[3] === operationName) return match[2];
    }
    return first || 'query';
  }

  function socketFor(token) {
    if (!sockets[token]) {
      sockets[token] = graphqlWs.createClient({ url: socketUrl, connectionParams: { token: token }, lazy: true });
    }
    return sockets[token];
  }

  function fetcher(params, options) {
    var headers = Object.assign({}, options && options.headers);
    var token = headerToken(headers) || localStorage.getItem(TOKEN_KEY);
    if (operationKind(params.query, params.operationName) === 'subscription') {
      if (!token) return Promise.resolve({ errors: [{ message: 'Run Register or Login first: subscriptions need a token.' }] });
      return {
        subscribe: function (observer) {
          var sink = observer.next ? observer : { next: observer };
          var dispose = socketFor(token).subscribe(params, {
            next: function (value) { sink.next(value); },
            error: function (error) {
              var message = error && error.reason ? 'socket closed: ' + error.code + ' ' + error.reason : String(error && error.message || error);
              if (sink.error) sink.error({ errors: [{ message: message }] });
            },
            complete: function () { if (sink.complete) sink.complete(); },
          });
          return { unsubscribe: dispose };
        },
      };
    }
    if (token && !headerToken(headers)) headers.Authorization = 'Bearer ' + token;
    headers['Content-Type'] = 'application/json';
    headers.Accept = 'application/graphql-response+json, application/json';
    return fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify(params) })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        var data = result && result.data;
        var payload = data && (data.register || data.login);
        if (payload && payload.token) localStorage.setItem(TOKEN_KEY, payload.token);
        if (data && data.logout) localStorage.removeItem(TOKEN_KEY);
        return result;
      });
  }

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
    defaultEditorToolsVisibility: false,
    shouldPersistHeaders: true,
  }));
})();
`;

/** GET /graphql for browsers, and the assets under /graphiql/. */
export function graphiqlRoutes(): Router {
  const router = Router();
  router.get('/graphql', (request, response, next) => {
    if (!wantsGraphiQL(request)) return next();
    response.type('html').set('Cache-Control', 'no-store').send(html());
  });
  router.get('/graphiql/fetcher.js', (_request, response) => {
    response.type('text/javascript').send(FETCHER);
  });
  router.get('/graphiql/:asset', (request, response, next) => {
    const asset = ASSETS[String(request.params.asset)];
    if (!asset) return next();
    response.type(asset.type).set('Cache-Control', 'public, max-age=3600').sendFile(modulePath(asset.module, asset.file));
  });
  return router;
}
