import { markdownReady, markdownTree, plainText, safeHref, type MdElement, type MdNode } from '../src/state/markdown';

beforeAll(() => markdownReady);

/** The tree as compact HTML-like text, for reading expectations (the view never builds strings). */
function show(nodes: MdNode[]): string {
  return nodes
    .map((node) => {
      if (typeof node === 'string') return node;
      const attrs = Object.entries(node.attrs ?? {})
        .map(([k, v]) => ` ${k}="${v}"`)
        .join('');
      return `<${node.tag}${attrs}>${show(node.children)}</${node.tag}>`;
    })
    .join('');
}

const render = (body: string, usernames: string[] = [], me?: string) => show(markdownTree(body, { usernames, me }));

describe('message Markdown', () => {
  it.each([
    ['emphasis and strong', '*soft* and **loud**', '<p><em>soft</em> and <strong>loud</strong></p>'],
    ['strike', '~~gone~~', '<p><s>gone</s></p>'],
    ['inline code, its content as text', 'run `rm -rf <b>`', '<p>run <code>rm -rf <b></code></p>'],
    ['a code block keeps its lines', '```js\nconst a = 1;\nconst b = 2;\n```', '<pre><code class="language-js">const a = 1;\nconst b = 2;</code></pre>'],
    ['links', '[docs](https://example.org/a?b=1)', '<p><a href="https://example.org/a?b=1">docs</a></p>'],
    ['bare addresses become links', 'see https://example.org.', '<p>see <a href="https://example.org/">https://example.org</a>.</p>'],
    ['mail links', '<mailto:ana@example.org>', '<p><a href="mailto:ana@example.org">mailto:ana@example.org</a></p>'],
    ['lists', '- one\n- two', '<ul><li>one</li><li>two</li></ul>'],
    ['ordered lists keep their start', '3. three\n4. four', '<ol start="3"><li>three</li><li>four</li></ol>'],
    ['quotes', '> said so', '<blockquote><p>said so</p></blockquote>'],
    ['a line break is a line break', 'one\ntwo', '<p>one\ntwo</p>'],
    ['headings are just text', '# big', '<p># big</p>'],
    ['raw HTML is text', '<b>bold?</b>', '<p><b>bold?</b></p>'],
  ])('%s', (_name, body, html) => {
    expect(render(body)).toBe(html);
  });

  it('highlights the server’s mentions, mine more strongly, never inside code or links', () => {
    expect(render('hi @ana and @luis, not @eve', ['ana', 'luis'], 'luis')).toBe(
      '<p>hi <span class="mention">@ana</span> and <span class="mention mention-me">@luis</span>, not @eve</p>',
    );
    expect(render('`@ana` and [@ana](https://example.org)', ['ana'])).toBe('<p><code>@ana</code> and <a href="https://example.org/">@ana</a></p>');
    expect(render('mail ana@example.org', ['ana'])).not.toContain('mention');
  });

  it('reads as plain text where it is not rendered', () => {
    expect(plainText('**Hola** _Luis_, see [this](https://example.org)\n\n- one\n- two')).toBe('Hola Luis, see this\none\ntwo');
    expect(plainText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });
});

// Classic payloads: script tags, event handlers, javascript:/data:/vbscript: URLs (plain,
// entity-encoded, mixed case, with whitespace and control characters), nested Markdown and HTML.
const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x]( javascript:alert(1) )',
  '[x](java\nscript:alert(1))',
  '[x](java\tscript:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x](&#x6A;avascript:alert(1))',
  '[x](jav&#x61;script:alert(1))',
  '[x](javascript&colon;alert(1))',
  '[x](%6Aavascript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](data:text/html,<script>alert(1)</script>)',
  '[x](file:///etc/passwd)',
  '[x](//evil.example/x)',
  '[x](/relative)',
  '<javascript:alert(1)>',
  '<data:text/html,alert(1)>',
  '![img](https://example.org/x.png)',
  '![x](javascript:alert(1))',
  '[x](https://example.org "title" onmouseover=alert(1))',
  '[a](https://example.org)<img src=x onerror=alert(1)>',
  '**<img src=x onerror=alert(1)>**',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '```" onmouseover="alert(1)\nx\n```',
  '> <script>alert(1)</script>',
  '- <img src=x onerror=alert(1)>',
  '[<img src=x onerror=alert(1)>](https://example.org)',
  '[x](https://example.org/"onmouseover="alert(1))',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>body{display:none}</style>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  'https://example.org/<script>alert(1)</script>',
  'javascript:alert(1)',
  'www.example.org/?q=<script>alert(1)</script>',
  '@ana <img src=x onerror=alert(1)>',
];

const TAGS = new Set(['p', 'em', 'strong', 's', 'code', 'pre', 'a', 'ul', 'ol', 'li', 'blockquote', 'span']);

function* elements(nodes: MdNode[]): Generator<MdElement> {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    yield node;
    yield* elements(node.children);
  }
}

describe('the XSS corpus renders inert', () => {
  it.each(XSS.map((payload) => [payload]))('%s', (payload) => {
    const tree = markdownTree(payload, { usernames: ['ana'], me: 'ana' });
    for (const element of elements(tree)) {
      expect(TAGS.has(element.tag)).toBe(true);
      for (const [name, value] of Object.entries(element.attrs ?? {})) {
        expect(['href', 'start', 'class']).toContain(name);
        if (name === 'href') expect(String(value)).toMatch(/^(https?:\/\/[^\s"'<>]+|mailto:[^\s"'<>]+)$/);
        if (name === 'class') expect(String(value)).toMatch(/^(mention( mention-me)?|language-[a-z0-9-]+)$/);
        if (name === 'start') expect(Number.isSafeInteger(value)).toBe(true);
      }
    }
    // An anchor exists only with a safe address; everything else the payload held is text nodes.
    for (const element of elements(tree)) if (element.tag === 'a') expect(element.attrs?.href).toBeDefined();
  });

  it('keeps only http(s) and mailto addresses', () => {
    expect(safeHref('https://example.org')).toBe('https://example.org/');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///x', '/x', '//x.org', 'x']) expect(safeHref(bad)).toBeUndefined();
  });
});
