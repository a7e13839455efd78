import { h, type ComponentChildren, type VNode } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { markdownLoaded, markdownReady, markdownTree, type MdNode, type MentionNames } from '../state/markdown';
import type { Message } from '../state/types';
import { useStore } from './hooks';

/** One node of the parsed tree as Preact: text stays a text node, elements get only the attributes the parser made. */
function toVNode(node: MdNode, key: number): ComponentChildren {
  if (typeof node === 'string') return node;
  const children = node.children.map(toVNode);
  const { href, start, class: className } = node.attrs ?? {};
  switch (node.tag) {
    case 'a':
      return h('a', { key, href, target: '_blank', rel: 'noopener noreferrer nofollow' }, children);
    case 'ol':
      return h('ol', { key, start }, children);
    default:
      return h(node.tag, { key, class: className }, children);
  }
}

/**
 * A message body rendered from Markdown (state/markdown.ts): emphasis, code, links (http(s) and
 * mailto only, opened apart), lists, quotes; the server's mentions highlighted, mine the most.
 */
export function Markdown({ text, mentions, class: className = 'body' }: { text: string; mentions?: MentionNames; class?: string }): VNode {
  const usernames = mentions?.usernames.join(' ') ?? '';
  // Bodies shown before the parser arrived render again, as Markdown, once it has.
  const [ready, setReady] = useState(markdownLoaded);
  useEffect(() => {
    if (!ready) void markdownReady.then(() => setReady(true));
  }, []);
  const tree = useMemo(() => markdownTree(text, mentions), [text, usernames, mentions?.me, ready]);
  return <div class={`${className} markdown`}>{tree.map(toVNode)}</div>;
}

/** A stored message's body, with the mentions the server resolved for it (mine highlighted). */
export function MessageMarkdown({ chat, message }: { chat: Chat; message: Message }): VNode {
  const me = useStore(chat.state, (s) => s.me.username);
  const usernames = message.mentions.map((user) => user.username);
  const mentions = useMemo(() => ({ usernames, me }), [usernames.join(' '), me]);
  return <Markdown text={message.body} mentions={mentions} />;
}
