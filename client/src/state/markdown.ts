import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/**
 * Message bodies are Markdown, stored as written. They are parsed here by markdown-it with raw
 * HTML off and only the constructs a chat needs on (emphasis, strong, strike, inline code, code
 * blocks, links, lists, quotes, line breaks), into a small tree of allowed elements that the
 * view turns into Preact nodes: no HTML string is ever built or set, so text stays text
 * whatever it contains, and the only attributes that exist are the ones made below.
 */

/** An element of a rendered body; the view maps each to a DOM element of the same name. */
export type MdNode = string | MdElement;

export interface MdElement {
  tag: MdTag;
  /** Only `href` (links), `start` (ordered lists) and `class` (mentions, code languages) exist. */
  attrs?: { href?: string; start?: number; class?: string };
  children: MdNode[];
}

export type MdTag = 'p' | 'em' | 'strong' | 's' | 'code' | 'pre' | 'a' | 'ul' | 'ol' | 'li' | 'blockquote' | 'span';

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** Only http(s) and mailto links, and only absolute ones; anything else stays text. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return SAFE_SCHEMES.has(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The parser once its chunk is here (it is most of the client's weight, so it loads beside the app, not in it). */
let parser: MarkdownIt | undefined;

function configured(Parser: typeof MarkdownIt): MarkdownIt {
  const md = new Parser('zero', { html: false, linkify: true, breaks: true }).enable([
    'emphasis',
    'strikethrough',
    'backticks',
    'escape',
    'entity',
    'newline',
    'link',
    'autolink',
    'linkify',
    'fence',
    'code',
    'list',
    'blockquote',
  ]);
  // The parser's own check (it already refuses javascript:, vbscript:, file: and data:) gives way
  // to a stricter one: links the renderer would drop are not even parsed as links.
  md.validateLink = (url) => safeHref(url) !== undefined;
  // Bare addresses (and emails) become links too; linkify only ever makes http(s) and mailto ones.
  md.linkify.set({ fuzzyEmail: true, fuzzyLink: true });
  return md;
}

/** Resolves once bodies render as Markdown; until then (the first moments after a load) they show as plain text. */
export const markdownReady: Promise<void> = import('markdown-it').then(({ default: Parser }) => {
  parser = configured(Parser);
});

export const markdownLoaded = () => parser !== undefined;

/** Who a message mentions, for highlighting: their usernames, and whether one of them is me. */
export interface MentionNames {
  usernames: readonly string[];
  me?: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** Splits text so that each @username the server resolved becomes a highlighted span. */
function withMentions(text: string, mentions: MentionNames | undefined): MdNode[] {
  if (!mentions || mentions.usernames.length === 0 || !text.includes('@')) return [text];
  const names = [...mentions.usernames].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\p{L}\\p{Nd}_.@-])@(${names.join('|')})(?![\\p{L}\\p{Nd}_-])`, 'giu');
  const out: MdNode[] = [];
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > from) out.push(text.slice(from, at));
    const mine = mentions.me !== undefined && match[1].toLowerCase() === mentions.me.toLowerCase();
    out.push({ tag: 'span', attrs: { class: mine ? 'mention mention-me' : 'mention' }, children: [match[0]] });
    from = at + match[0].length;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

const BLOCK_TAGS: Record<string, MdTag> = {
  paragraph_open: 'p',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  blockquote_open: 'blockquote',
};

const INLINE_TAGS: Record<string, MdTag> = { em_open: 'em', strong_open: 'strong', s_open: 's' };

/** A fence's language, as a class name the stylesheet may use: letters, digits and dashes only. */
function languageClass(info: string): string | undefined {
  const language = info.trim().split(/\s+/, 1)[0]?.toLowerCase() ?? '';
  return /^[a-z0-9+#-]{1,20}$/.test(language) ? `language-${language.replace(/[^a-z0-9-]/g, '')}` : undefined;
}

/** Inline tokens into nodes; an unknown token contributes its text content at most. */
function inline(tokens: Token[], mentions: MentionNames | undefined): MdNode[] {
  const root: MdElement = { tag: 'span', children: [] };
  const stack: MdElement[] = [root];
  const top = () => stack[stack.length - 1];
  let inLink = 0;
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        top().children.push(...(inLink > 0 ? [token.content] : withMentions(token.content, mentions)));
        break;
      case 'softbreak':
      case 'hardbreak':
        // Bodies keep their white space (pre-wrap): a line break is the newline itself.
        top().children.push('\n');
        break;
      case 'code_inline':
        top().children.push({ tag: 'code', children: [token.content] });
        break;
      case 'em_open':
      case 'strong_open':
      case 's_open': {
        const element: MdElement = { tag: INLINE_TAGS[token.type], children: [] };
        top().children.push(element);
        stack.push(element);
        break;
      }
      case 'link_open': {
        const href = safeHref(token.attrGet('href') ?? '');
        // A link that is not safe keeps its text, as text.
        const element: MdElement = href ? { tag: 'a', attrs: { href }, children: [] } : { tag: 'span', children: [] };
        top().children.push(element);
        stack.push(element);
        inLink++;
        break;
      }
      case 'em_close':
      case 'strong_close':
      case 's_close':
      case 'link_close':
        if (token.type === 'link_close') inLink--;
        if (stack.length > 1) stack.pop();
        break;
      default:
        if (token.content) top().children.push(token.content);
    }
  }
  return root.children;
}

/** Before the parser is here: paragraphs of text, their line breaks kept. */
function plainTree(body: string, mentions: MentionNames | undefined): MdNode[] {
  return body
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim())
    .map((paragraph) => ({
      tag: 'p' as const,
      children: withMentions(paragraph, mentions),
    }));
}

/** A body as a tree of allowed elements. */
export function markdownTree(body: string, mentions?: MentionNames): MdNode[] {
  if (!parser) return plainTree(body, mentions);
  const tokens = parser.parse(body, {});
  const root: MdElement = { tag: 'span', children: [] };
  const stack: MdElement[] = [root];
  const top = () => stack[stack.length - 1];
  for (const token of tokens) {
    if (token.type in BLOCK_TAGS) {
      const tag = BLOCK_TAGS[token.type];
      // Tight lists hide their paragraphs.
      if (tag === 'p' && token.hidden) continue;
      const start = tag === 'ol' ? Number(token.attrGet('start') ?? 1) : undefined;
      const element: MdElement = { tag, attrs: start !== undefined && Number.isSafeInteger(start) && start !== 1 ? { start } : undefined, children: [] };
      top().children.push(element);
      stack.push(element);
    } else if (token.type.endsWith('_close')) {
      if (token.type === 'paragraph_close' && token.hidden) continue;
      if (stack.length > 1) stack.pop();
    } else if (token.type === 'inline') {
      top().children.push(...inline(token.children ?? [], mentions));
    } else if (token.type === 'fence' || token.type === 'code_block') {
      const language = token.type === 'fence' ? languageClass(token.info) : undefined;
      const code: MdElement = { tag: 'code', attrs: language ? { class: language } : undefined, children: [token.content.replace(/\n$/, '')] };
      top().children.push({ tag: 'pre', children: [code] });
    } else if (token.content) {
      top().children.push(token.content);
    }
  }
  return root.children;
}

const BLOCKS = new Set<MdTag>(['p', 'li', 'blockquote', 'pre', 'ul', 'ol']);

function textOf(nodes: MdNode[]): string {
  return nodes.map((node) => (typeof node === 'string' ? node : textOf(node.children) + (BLOCKS.has(node.tag) ? '\n' : ''))).join('');
}

/**
 * A body as plain text, for where Markdown is not rendered (notifications, the list's
 * previews): the words without the marks, blocks on lines of their own.
 */
export function plainText(body: string): string {
  return textOf(markdownTree(body)).replace(/\n{2,}/g, '\n').trim();
}
