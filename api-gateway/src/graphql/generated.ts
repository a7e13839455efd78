// Generated from api-gateway/src/schema.graphql by api-gateway/scripts/generate-graphql.mjs: do not edit.
import type { UserStatus } from '@charla/proto/users';
import type { UserRole } from '@charla/proto/users';
import type { MessageStatus } from '@charla/proto/messages';
import type { ConversationKind } from '@charla/proto/messages';
import type { MemberRole } from '@charla/proto/messages';
import type { MessageKind } from '@charla/proto/messages';
import type { SystemAction } from '@charla/proto/messages';
import type { NotificationLevel } from '@charla/proto/users';
import type { GraphQLResolveInfo } from 'graphql';
import type { User as UserModel } from '@charla/proto/users';
import type { Conversation as ConversationModel, Member as MemberModel, Message as MessageModel, Attachment as AttachmentModel, Reaction as ReactionModel, SystemChange as SystemChangeModel } from '@charla/proto/messages';
import type { TypingChange as TypingChangeModel } from '../live/typing';
import type { RequestContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
export type EnumResolverSignature<T, AllowedValues = any> = { [key in keyof T]?: AllowedValues };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

/**
 * Charla's public API. Queries and mutations over HTTP (POST or GET) at /graphql; subscriptions
 * over graphql-ws at the same path, authenticated with connectionParams: { token }.
 * HTTP requests authenticate with `Authorization: Bearer <token>` (from register or login).
 * IDs are decimal strings; timestamps are ISO-8601 strings in UTC.
 */
export type Query = {
  __typename?: 'Query';
  /** The signed-in user, or null without a token. */
  me?: Maybe<User>;
  /** One user by id or by username. */
  user?: Maybe<User>;
  /** Every registered user with their presence, ordered by id. `after` takes a pageInfo.endCursor. */
  users: UserConnection;
  /** My conversations, most recent first. */
  conversations: Array<Conversation>;
  conversation?: Maybe<Conversation>;
  /**
   * A page of history, always ordered oldest to newest. Without `after` it is the newest page
   * (before `before`, if given); with `after` it is the page right after that cursor. With
   * `around` (a seq) it is the page around that message, for jumping to a search result.
   */
  messages: MessageConnection;
  /**
   * Messages of my conversations (or of one) containing every word of `query`, the last also as
   * a prefix; case and accents do not matter. Newest first; `after` takes a pageInfo.endCursor.
   */
  searchMessages: MessageSearchConnection;
  /** Public rooms; `general` exists from the start and everyone is in it. */
  rooms: Array<Conversation>;
  /** Support conversations waiting for an answer, oldest first. Operators and admins only. */
  supportQueue: Array<Conversation>;
  /** The message of the day (null when there is none): set by an admin with `npx charla motd set`. */
  motd?: Maybe<Scalars['String']['output']>;
};


/**
 * Charla's public API. Queries and mutations over HTTP (POST or GET) at /graphql; subscriptions
 * over graphql-ws at the same path, authenticated with connectionParams: { token }.
 * HTTP requests authenticate with `Authorization: Bearer <token>` (from register or login).
 * IDs are decimal strings; timestamps are ISO-8601 strings in UTC.
 */
export type QueryUserArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Charla's public API. Queries and mutations over HTTP (POST or GET) at /graphql; subscriptions
 * over graphql-ws at the same path, authenticated with connectionParams: { token }.
 * HTTP requests authenticate with `Authorization: Bearer <token>` (from register or login).
 * IDs are decimal strings; timestamps are ISO-8601 strings in UTC.
 */
export type QueryUsersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Charla's public API. Queries and mutations over HTTP (POST or GET) at /graphql; subscriptions
 * over graphql-ws at the same path, authenticated with connectionParams: { token }.
 * HTTP requests authenticate with `Authorization: Bearer <token>` (from register or login).
 * IDs are decimal strings; timestamps are ISO-8601 strings in UTC.
 */
export type QueryConversationArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Charla's public API. Queries and mutations over HTTP (POST or GET) at /graphql; subscriptions
 * over graphql-ws at the same path, authenticated with connectionParams: { token }.
 * HTTP requests authenticate with `Authorization: Bearer <token>` (from register or login).
 * IDs are decimal strings; timestamps are ISO-8601 strings in UTC.
 */
export type QueryMessagesArgs = {
  conversationId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  around?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Charla's public API. Queries and mutations over HTTP (POST or GET) at /graphql; subscriptions
 * over graphql-ws at the same path, authenticated with connectionParams: { token }.
 * HTTP requests authenticate with `Authorization: Bearer <token>` (from register or login).
 * IDs are decimal strings; timestamps are ISO-8601 strings in UTC.
 */
export type QuerySearchMessagesArgs = {
  query: Scalars['String']['input'];
  conversationId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


/**
 * Charla's public API. Queries and mutations over HTTP (POST or GET) at /graphql; subscriptions
 * over graphql-ws at the same path, authenticated with connectionParams: { token }.
 * HTTP requests authenticate with `Authorization: Bearer <token>` (from register or login).
 * IDs are decimal strings; timestamps are ISO-8601 strings in UTC.
 */
export type QuerySupportQueueArgs = {
  includeAnswered?: InputMaybe<Scalars['Boolean']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  register: AuthPayload;
  login: AuthPayload;
  /** Ends this token's session; its sockets are closed (4403). */
  logout: Scalars['Boolean']['output'];
  updateProfile: User;
  /** Changes the password and ends every other session (their sockets close with 4403). */
  changePassword: Scalars['Boolean']['output'];
  /** ONLINE, AWAY or BUSY; OFFLINE is what others see once every socket is gone. */
  setStatus: User;
  /**
   * A retry with the same clientId returns the first message instead of storing a second.
   * `attachmentIds`: at most 10 of my unsent uploads to this conversation (POST
   * /v1/conversations/{id}/files); with them the body may be empty. `replyToId`: a message of
   * the same conversation this one answers.
   */
  sendMessage: Message;
  editMessage: Message;
  deleteMessage: Message;
  /** Moves my read marker to `seq` (never back). */
  markRead: Conversation;
  /** Moves my delivered marker to `seq` (never back); the gateway also does this itself. */
  markDelivered: Conversation;
  openDirect: Conversation;
  createGroup: Conversation;
  createRoom: Conversation;
  joinRoom: Conversation;
  addMember: Conversation;
  leaveConversation: Scalars['Boolean']['output'];
  /**
   * My own support conversation with the operators, created the first time. Operators and
   * admins may name a user to open that user's (to answer someone not in the queue).
   */
  openSupport: Conversation;
  /** Shows me typing in the conversation for a few seconds; call again to keep it shown. */
  setTyping: Scalars['Boolean']['output'];
  /**
   * Adds my reaction to a message: exactly one emoji (BAD_USER_INPUT otherwise), at most 20
   * different per message. Adding one I already made changes nothing. Everyone in the
   * conversation gets the message with its reactions on `messageUpdated`.
   */
  addReaction: Message;
  /** Takes my reaction back; one I never made changes nothing. */
  removeReaction: Message;
  /**
   * Pins a message: in groups, direct chats and support conversations any member; in rooms
   * their owner and staff. At most 50 per conversation; arrives on `messageUpdated`.
   */
  pinMessage: Message;
  unpinMessage: Message;
  /**
   * Renames a group or room, and/or sets its topic ('' clears it); what is left out stays.
   * Groups: any member; rooms: their owner (and staff). Direct and support conversations
   * have neither. Each change adds a system line (a message of kind SYSTEM) by me, and
   * members get the conversation on `conversationChanged`.
   */
  updateConversation: Conversation;
  /** My own mute, favourite and archive of a conversation I am in; what is left out stays as it is. */
  setConversationPreferences: Conversation;
};


export type MutationRegisterArgs = {
  input: RegisterInput;
};


export type MutationLoginArgs = {
  username: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationUpdateProfileArgs = {
  input: UpdateProfileInput;
};


export type MutationChangePasswordArgs = {
  oldPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


export type MutationSetStatusArgs = {
  status: UserStatus;
};


export type MutationSendMessageArgs = {
  conversationId: Scalars['ID']['input'];
  body: Scalars['String']['input'];
  clientId?: InputMaybe<Scalars['String']['input']>;
  attachmentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  replyToId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationEditMessageArgs = {
  id: Scalars['ID']['input'];
  body: Scalars['String']['input'];
};


export type MutationDeleteMessageArgs = {
  id: Scalars['ID']['input'];
};


export type MutationMarkReadArgs = {
  conversationId: Scalars['ID']['input'];
  seq: Scalars['Int']['input'];
};


export type MutationMarkDeliveredArgs = {
  conversationId: Scalars['ID']['input'];
  seq: Scalars['Int']['input'];
};


export type MutationOpenDirectArgs = {
  username: Scalars['String']['input'];
};


export type MutationCreateGroupArgs = {
  title: Scalars['String']['input'];
  usernames?: InputMaybe<Array<Scalars['String']['input']>>;
};


export type MutationCreateRoomArgs = {
  title: Scalars['String']['input'];
};


export type MutationJoinRoomArgs = {
  conversationId: Scalars['ID']['input'];
};


export type MutationAddMemberArgs = {
  conversationId: Scalars['ID']['input'];
  username: Scalars['String']['input'];
};


export type MutationLeaveConversationArgs = {
  conversationId: Scalars['ID']['input'];
};


export type MutationOpenSupportArgs = {
  userId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationSetTypingArgs = {
  conversationId: Scalars['ID']['input'];
};


export type MutationAddReactionArgs = {
  messageId: Scalars['ID']['input'];
  emoji: Scalars['String']['input'];
};


export type MutationRemoveReactionArgs = {
  messageId: Scalars['ID']['input'];
  emoji: Scalars['String']['input'];
};


export type MutationPinMessageArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUnpinMessageArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateConversationArgs = {
  id: Scalars['ID']['input'];
  title?: InputMaybe<Scalars['String']['input']>;
  topic?: InputMaybe<Scalars['String']['input']>;
};


export type MutationSetConversationPreferencesArgs = {
  conversationId: Scalars['ID']['input'];
  muted?: InputMaybe<Scalars['Boolean']['input']>;
  favourite?: InputMaybe<Scalars['Boolean']['input']>;
  archived?: InputMaybe<Scalars['Boolean']['input']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * New messages. With a conversationId: that conversation, replaying everything after `after`
   * (a seq) first, then live, with no gap and no duplicate. Without: all my conversations,
   * including ones I join later (live only).
   */
  messageAdded: Message;
  /** Edits, deletions, status changes (delivered, read), reactions and pins. */
  messageUpdated: Message;
  /** Someone came online, went away, busy, or offline. */
  presenceChanged: User;
  /** Someone's profile (name), role or presence changed: the people list stays current. */
  userUpdated: User;
  /** A member is typing; each event holds for a few seconds unless repeated. */
  typing: User;
  /** Typing started or stopped (stopped also when it was not refreshed in time). */
  typingChanged: TypingEvent;
  /** Conversations I joined, left, whose members, title, topic, my markers or my own preferences changed. */
  conversationChanged: Conversation;
  /** The message of the day changed (null: it was cleared). */
  motdChanged?: Maybe<Scalars['String']['output']>;
};


export type SubscriptionMessageAddedArgs = {
  conversationId?: InputMaybe<Scalars['ID']['input']>;
  after?: InputMaybe<Scalars['Int']['input']>;
};


export type SubscriptionMessageUpdatedArgs = {
  conversationId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionTypingArgs = {
  conversationId: Scalars['ID']['input'];
};


export type SubscriptionTypingChangedArgs = {
  conversationId: Scalars['ID']['input'];
};

export type AuthPayload = {
  __typename?: 'AuthPayload';
  token: Scalars['String']['output'];
  user: User;
};

export type RegisterInput = {
  firstName: Scalars['String']['input'];
  lastName: Scalars['String']['input'];
  username: Scalars['String']['input'];
  email?: InputMaybe<Scalars['String']['input']>;
  password: Scalars['String']['input'];
};

/** Only the fields given are changed. */
export type UpdateProfileInput = {
  firstName?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  username?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  notificationLevel?: InputMaybe<NotificationLevel>;
};

export { NotificationLevel };

export { UserStatus };

export { UserRole };

export { MessageStatus };

export { ConversationKind };

export { MemberRole };

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  firstName: Scalars['String']['output'];
  lastName: Scalars['String']['output'];
  username: Scalars['String']['output'];
  /** Only shown to the user themself. */
  email?: Maybe<Scalars['String']['output']>;
  status: UserStatus;
  lastSeenAt?: Maybe<Scalars['String']['output']>;
  role: UserRole;
  createdAt?: Maybe<Scalars['String']['output']>;
  updatedAt?: Maybe<Scalars['String']['output']>;
  /** Only shown to the user themself. */
  notificationLevel?: Maybe<NotificationLevel>;
};

export type Conversation = {
  __typename?: 'Conversation';
  id: Scalars['ID']['output'];
  kind: ConversationKind;
  /** Rooms and groups; for direct chats the other user's name, for support the asking user's. */
  title: Scalars['String']['output'];
  members: Array<Member>;
  lastMessage?: Maybe<Message>;
  unreadCount: Scalars['Int']['output'];
  lastSeq: Scalars['Int']['output'];
  /** For support conversations: the user who asked for help. */
  supportUser?: Maybe<User>;
  createdAt?: Maybe<Scalars['String']['output']>;
  updatedAt?: Maybe<Scalars['String']['output']>;
  /** Rooms and groups: what the conversation is about (null when none). */
  topic?: Maybe<Scalars['String']['output']>;
  /** My unread messages that mention me. */
  mentionCount: Scalars['Int']['output'];
  /** I hear nothing of it (no notifications); it still counts unread. */
  muted: Scalars['Boolean']['output'];
  /** Listed first. */
  favourite: Scalars['Boolean']['output'];
  /** Listed apart, under Archived; still searchable and reachable. */
  archived: Scalars['Boolean']['output'];
  /** Newest pin first. */
  pinnedMessages: Array<Message>;
};

export type Member = {
  __typename?: 'Member';
  user?: Maybe<User>;
  role: MemberRole;
  joinedAt?: Maybe<Scalars['String']['output']>;
  lastDeliveredSeq: Scalars['Int']['output'];
  lastReadSeq: Scalars['Int']['output'];
};

export type Message = {
  __typename?: 'Message';
  id: Scalars['ID']['output'];
  conversationId: Scalars['ID']['output'];
  /** 1, 2, 3… per conversation, with no gap. */
  seq: Scalars['Int']['output'];
  body: Scalars['String']['output'];
  author?: Maybe<User>;
  status: MessageStatus;
  clientId?: Maybe<Scalars['String']['output']>;
  isFromSupport: Scalars['Boolean']['output'];
  createdAt?: Maybe<Scalars['String']['output']>;
  updatedAt?: Maybe<Scalars['String']['output']>;
  editedAt?: Maybe<Scalars['String']['output']>;
  deletedAt?: Maybe<Scalars['String']['output']>;
  /** Files sent with the message, in order (at most 10); none once it is deleted. */
  attachments: Array<Attachment>;
  /**
   * The message this one replies to (same conversation), as a compact quote: its id, seq,
   * author and the first line of its body; once deleted, status DELETED and an empty body.
   * The quote's own replyTo, reactions and mentions are left empty.
   */
  replyTo?: Maybe<Message>;
  /** One entry per emoji (at most 20), in the order each was first used; none once deleted. */
  reactions: Array<Reaction>;
  /** Members the body mentions with @username (at most 20), as the server resolved them. */
  mentions: Array<User>;
  /** When it was pinned; null when it is not. */
  pinnedAt?: Maybe<Scalars['String']['output']>;
  /** TEXT: written by a person, a Markdown body. SYSTEM: a line saying who (the author) changed what. */
  kind: MessageKind;
  /** SYSTEM messages: what changed (the body says the same in words). */
  systemChange?: Maybe<SystemChange>;
};

export type Reaction = {
  __typename?: 'Reaction';
  /** One emoji, e.g. 👍, 👍🏽, 🇪🇸, 👩‍💻. */
  emoji: Scalars['String']['output'];
  count: Scalars['Int']['output'];
  reactedByMe: Scalars['Boolean']['output'];
  /** Everyone who reacted with it, first first. */
  users: Array<User>;
};

export { MessageKind };

export { SystemAction };

export type SystemChange = {
  __typename?: 'SystemChange';
  action: SystemAction;
  /** RENAMED: the new title. */
  title?: Maybe<Scalars['String']['output']>;
  /** TOPIC_CHANGED: the new topic (null when it was cleared). */
  topic?: Maybe<Scalars['String']['output']>;
};

/**
 * A file sent with a message. `url` and `thumbnailUrl` work in a browser without a header
 * (they carry an expiring signature; fetch the message again for fresh ones).
 */
export type Attachment = {
  __typename?: 'Attachment';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Sniffed from the file's bytes. */
  contentType: Scalars['String']['output'];
  size: Scalars['Int']['output'];
  url: Scalars['String']['output'];
  /** Images: at most 512 px on the long side, without the original's metadata. */
  thumbnailUrl?: Maybe<Scalars['String']['output']>;
  /** Images: the original's size in pixels. */
  width?: Maybe<Scalars['Int']['output']>;
  height?: Maybe<Scalars['Int']['output']>;
};

export type MessageSearchEdge = {
  __typename?: 'MessageSearchEdge';
  cursor: Scalars['String']['output'];
  node: Message;
  /** Text around the first match, HTML-escaped, each matching word in <mark></mark>. */
  snippet: Scalars['String']['output'];
};

export type MessageSearchConnection = {
  __typename?: 'MessageSearchConnection';
  edges: Array<MessageSearchEdge>;
  pageInfo: PageInfo;
};

export type TypingEvent = {
  __typename?: 'TypingEvent';
  conversationId: Scalars['ID']['output'];
  user?: Maybe<User>;
  typing: Scalars['Boolean']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
  endCursor?: Maybe<Scalars['String']['output']>;
};

export type UserEdge = {
  __typename?: 'UserEdge';
  cursor: Scalars['String']['output'];
  node: User;
};

export type UserConnection = {
  __typename?: 'UserConnection';
  edges: Array<UserEdge>;
  pageInfo: PageInfo;
};

export type MessageEdge = {
  __typename?: 'MessageEdge';
  cursor: Scalars['String']['output'];
  node: Message;
};

export type MessageConnection = {
  __typename?: 'MessageConnection';
  edges: Array<MessageEdge>;
  pageInfo: PageInfo;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  AuthPayload: ResolverTypeWrapper<Omit<AuthPayload, 'user'> & { user: ResolversTypes['User'] }>;
  RegisterInput: RegisterInput;
  UpdateProfileInput: UpdateProfileInput;
  NotificationLevel: NotificationLevel;
  UserStatus: UserStatus;
  UserRole: UserRole;
  MessageStatus: MessageStatus;
  ConversationKind: ConversationKind;
  MemberRole: MemberRole;
  User: ResolverTypeWrapper<UserModel>;
  Conversation: ResolverTypeWrapper<ConversationModel>;
  Member: ResolverTypeWrapper<MemberModel>;
  Message: ResolverTypeWrapper<MessageModel>;
  Reaction: ResolverTypeWrapper<ReactionModel>;
  MessageKind: MessageKind;
  SystemAction: SystemAction;
  SystemChange: ResolverTypeWrapper<SystemChangeModel>;
  Attachment: ResolverTypeWrapper<AttachmentModel>;
  MessageSearchEdge: ResolverTypeWrapper<Omit<MessageSearchEdge, 'node'> & { node: ResolversTypes['Message'] }>;
  MessageSearchConnection: ResolverTypeWrapper<Omit<MessageSearchConnection, 'edges'> & { edges: Array<ResolversTypes['MessageSearchEdge']> }>;
  TypingEvent: ResolverTypeWrapper<TypingChangeModel>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  UserEdge: ResolverTypeWrapper<Omit<UserEdge, 'node'> & { node: ResolversTypes['User'] }>;
  UserConnection: ResolverTypeWrapper<Omit<UserConnection, 'edges'> & { edges: Array<ResolversTypes['UserEdge']> }>;
  MessageEdge: ResolverTypeWrapper<Omit<MessageEdge, 'node'> & { node: ResolversTypes['Message'] }>;
  MessageConnection: ResolverTypeWrapper<Omit<MessageConnection, 'edges'> & { edges: Array<ResolversTypes['MessageEdge']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Query: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  Mutation: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  AuthPayload: Omit<AuthPayload, 'user'> & { user: ResolversParentTypes['User'] };
  RegisterInput: RegisterInput;
  UpdateProfileInput: UpdateProfileInput;
  User: UserModel;
  Conversation: ConversationModel;
  Member: MemberModel;
  Message: MessageModel;
  Reaction: ReactionModel;
  SystemChange: SystemChangeModel;
  Attachment: AttachmentModel;
  MessageSearchEdge: Omit<MessageSearchEdge, 'node'> & { node: ResolversParentTypes['Message'] };
  MessageSearchConnection: Omit<MessageSearchConnection, 'edges'> & { edges: Array<ResolversParentTypes['MessageSearchEdge']> };
  TypingEvent: TypingChangeModel;
  PageInfo: PageInfo;
  UserEdge: Omit<UserEdge, 'node'> & { node: ResolversParentTypes['User'] };
  UserConnection: Omit<UserConnection, 'edges'> & { edges: Array<ResolversParentTypes['UserEdge']> };
  MessageEdge: Omit<MessageEdge, 'node'> & { node: ResolversParentTypes['Message'] };
  MessageConnection: Omit<MessageConnection, 'edges'> & { edges: Array<ResolversParentTypes['MessageEdge']> };
  Int: Scalars['Int']['output'];
};

export type PersonalDirectiveArgs = { };

export type PersonalDirectiveResolver<Result, Parent, ContextType = RequestContext, Args = PersonalDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ListSizeDirectiveArgs = {
  max: Scalars['Int']['input'];
};

export type ListSizeDirectiveResolver<Result, Parent, ContextType = RequestContext, Args = ListSizeDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type QueryResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, Partial<QueryUserArgs>>;
  users?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, Partial<QueryUsersArgs>>;
  conversations?: Resolver<Array<ResolversTypes['Conversation']>, ParentType, ContextType>;
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType, RequireFields<QueryConversationArgs, 'id'>>;
  messages?: Resolver<ResolversTypes['MessageConnection'], ParentType, ContextType, RequireFields<QueryMessagesArgs, 'conversationId'>>;
  searchMessages?: Resolver<ResolversTypes['MessageSearchConnection'], ParentType, ContextType, RequireFields<QuerySearchMessagesArgs, 'query'>>;
  rooms?: Resolver<Array<ResolversTypes['Conversation']>, ParentType, ContextType>;
  supportQueue?: Resolver<Array<ResolversTypes['Conversation']>, ParentType, ContextType, Partial<QuerySupportQueueArgs>>;
  motd?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  register?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRegisterArgs, 'input'>>;
  login?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'username' | 'password'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  updateProfile?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateProfileArgs, 'input'>>;
  changePassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationChangePasswordArgs, 'oldPassword' | 'newPassword'>>;
  setStatus?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationSetStatusArgs, 'status'>>;
  sendMessage?: Resolver<ResolversTypes['Message'], ParentType, ContextType, RequireFields<MutationSendMessageArgs, 'conversationId' | 'body'>>;
  editMessage?: Resolver<ResolversTypes['Message'], ParentType, ContextType, RequireFields<MutationEditMessageArgs, 'id' | 'body'>>;
  deleteMessage?: Resolver<ResolversTypes['Message'], ParentType, ContextType, RequireFields<MutationDeleteMessageArgs, 'id'>>;
  markRead?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<MutationMarkReadArgs, 'conversationId' | 'seq'>>;
  markDelivered?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<MutationMarkDeliveredArgs, 'conversationId' | 'seq'>>;
  openDirect?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<MutationOpenDirectArgs, 'username'>>;
  createGroup?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<MutationCreateGroupArgs, 'title'>>;
  createRoom?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<MutationCreateRoomArgs, 'title'>>;
  joinRoom?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<MutationJoinRoomArgs, 'conversationId'>>;
  addMember?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<MutationAddMemberArgs, 'conversationId' | 'username'>>;
  leaveConversation?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationLeaveConversationArgs, 'conversationId'>>;
  openSupport?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, Partial<MutationOpenSupportArgs>>;
  setTyping?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationSetTypingArgs, 'conversationId'>>;
  addReaction?: Resolver<ResolversTypes['Message'], ParentType, ContextType, RequireFields<MutationAddReactionArgs, 'messageId' | 'emoji'>>;
  removeReaction?: Resolver<ResolversTypes['Message'], ParentType, ContextType, RequireFields<MutationRemoveReactionArgs, 'messageId' | 'emoji'>>;
  pinMessage?: Resolver<ResolversTypes['Message'], ParentType, ContextType, RequireFields<MutationPinMessageArgs, 'id'>>;
  unpinMessage?: Resolver<ResolversTypes['Message'], ParentType, ContextType, RequireFields<MutationUnpinMessageArgs, 'id'>>;
  updateConversation?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<MutationUpdateConversationArgs, 'id'>>;
  setConversationPreferences?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType, RequireFields<MutationSetConversationPreferencesArgs, 'conversationId'>>;
};

export type SubscriptionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  messageAdded?: SubscriptionResolver<ResolversTypes['Message'], "messageAdded", ParentType, ContextType, Partial<SubscriptionMessageAddedArgs>>;
  messageUpdated?: SubscriptionResolver<ResolversTypes['Message'], "messageUpdated", ParentType, ContextType, Partial<SubscriptionMessageUpdatedArgs>>;
  presenceChanged?: SubscriptionResolver<ResolversTypes['User'], "presenceChanged", ParentType, ContextType>;
  userUpdated?: SubscriptionResolver<ResolversTypes['User'], "userUpdated", ParentType, ContextType>;
  typing?: SubscriptionResolver<ResolversTypes['User'], "typing", ParentType, ContextType, RequireFields<SubscriptionTypingArgs, 'conversationId'>>;
  typingChanged?: SubscriptionResolver<ResolversTypes['TypingEvent'], "typingChanged", ParentType, ContextType, RequireFields<SubscriptionTypingChangedArgs, 'conversationId'>>;
  conversationChanged?: SubscriptionResolver<ResolversTypes['Conversation'], "conversationChanged", ParentType, ContextType>;
  motdChanged?: SubscriptionResolver<Maybe<ResolversTypes['String']>, "motdChanged", ParentType, ContextType>;
};

export type AuthPayloadResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = {
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type NotificationLevelResolvers = EnumResolverSignature<{ ALL?: any, MENTIONS?: any, NONE?: any }, ResolversTypes['NotificationLevel']>;

export type UserStatusResolvers = EnumResolverSignature<{ ONLINE?: any, AWAY?: any, BUSY?: any, OFFLINE?: any }, ResolversTypes['UserStatus']>;

export type UserRoleResolvers = EnumResolverSignature<{ USER?: any, OPERATOR?: any, ADMIN?: any }, ResolversTypes['UserRole']>;

export type MessageStatusResolvers = EnumResolverSignature<{ SENT?: any, DELIVERED?: any, READ?: any, DELETED?: any }, ResolversTypes['MessageStatus']>;

export type ConversationKindResolvers = EnumResolverSignature<{ ROOM?: any, DIRECT?: any, GROUP?: any, SUPPORT?: any }, ResolversTypes['ConversationKind']>;

export type MemberRoleResolvers = EnumResolverSignature<{ MEMBER?: any, OWNER?: any, OPERATOR?: any }, ResolversTypes['MemberRole']>;

export type UserResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  firstName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  username?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['UserStatus'], ParentType, ContextType>;
  lastSeenAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['UserRole'], ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notificationLevel?: Resolver<Maybe<ResolversTypes['NotificationLevel']>, ParentType, ContextType>;
};

export type ConversationResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Conversation'] = ResolversParentTypes['Conversation']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ConversationKind'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  members?: Resolver<Array<ResolversTypes['Member']>, ParentType, ContextType>;
  lastMessage?: Resolver<Maybe<ResolversTypes['Message']>, ParentType, ContextType>;
  unreadCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastSeq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  supportUser?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  topic?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  mentionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  muted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  favourite?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  archived?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  pinnedMessages?: Resolver<Array<ResolversTypes['Message']>, ParentType, ContextType>;
};

export type MemberResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Member'] = ResolversParentTypes['Member']> = {
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['MemberRole'], ParentType, ContextType>;
  joinedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastDeliveredSeq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastReadSeq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MessageResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Message'] = ResolversParentTypes['Message']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  conversationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  seq?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  author?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['MessageStatus'], ParentType, ContextType>;
  clientId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  isFromSupport?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  editedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  deletedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  attachments?: Resolver<Array<ResolversTypes['Attachment']>, ParentType, ContextType>;
  replyTo?: Resolver<Maybe<ResolversTypes['Message']>, ParentType, ContextType>;
  reactions?: Resolver<Array<ResolversTypes['Reaction']>, ParentType, ContextType>;
  mentions?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  pinnedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MessageKind'], ParentType, ContextType>;
  systemChange?: Resolver<Maybe<ResolversTypes['SystemChange']>, ParentType, ContextType>;
};

export type ReactionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Reaction'] = ResolversParentTypes['Reaction']> = {
  emoji?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reactedByMe?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
};

export type MessageKindResolvers = EnumResolverSignature<{ TEXT?: any, SYSTEM?: any }, ResolversTypes['MessageKind']>;

export type SystemActionResolvers = EnumResolverSignature<{ RENAMED?: any, TOPIC_CHANGED?: any }, ResolversTypes['SystemAction']>;

export type SystemChangeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['SystemChange'] = ResolversParentTypes['SystemChange']> = {
  action?: Resolver<ResolversTypes['SystemAction'], ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  topic?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type AttachmentResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['Attachment'] = ResolversParentTypes['Attachment']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  contentType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  thumbnailUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  width?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  height?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type MessageSearchEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MessageSearchEdge'] = ResolversParentTypes['MessageSearchEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Message'], ParentType, ContextType>;
  snippet?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MessageSearchConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MessageSearchConnection'] = ResolversParentTypes['MessageSearchConnection']> = {
  edges?: Resolver<Array<ResolversTypes['MessageSearchEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type TypingEventResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['TypingEvent'] = ResolversParentTypes['TypingEvent']> = {
  conversationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  typing?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type UserEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['UserEdge'] = ResolversParentTypes['UserEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type UserConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = {
  edges?: Resolver<Array<ResolversTypes['UserEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type MessageEdgeResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MessageEdge'] = ResolversParentTypes['MessageEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Message'], ParentType, ContextType>;
};

export type MessageConnectionResolvers<ContextType = RequestContext, ParentType extends ResolversParentTypes['MessageConnection'] = ResolversParentTypes['MessageConnection']> = {
  edges?: Resolver<Array<ResolversTypes['MessageEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type Resolvers<ContextType = RequestContext> = {
  Query?: QueryResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  NotificationLevel?: NotificationLevelResolvers;
  UserStatus?: UserStatusResolvers;
  UserRole?: UserRoleResolvers;
  MessageStatus?: MessageStatusResolvers;
  ConversationKind?: ConversationKindResolvers;
  MemberRole?: MemberRoleResolvers;
  User?: UserResolvers<ContextType>;
  Conversation?: ConversationResolvers<ContextType>;
  Member?: MemberResolvers<ContextType>;
  Message?: MessageResolvers<ContextType>;
  Reaction?: ReactionResolvers<ContextType>;
  MessageKind?: MessageKindResolvers;
  SystemAction?: SystemActionResolvers;
  SystemChange?: SystemChangeResolvers<ContextType>;
  Attachment?: AttachmentResolvers<ContextType>;
  MessageSearchEdge?: MessageSearchEdgeResolvers<ContextType>;
  MessageSearchConnection?: MessageSearchConnectionResolvers<ContextType>;
  TypingEvent?: TypingEventResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  UserEdge?: UserEdgeResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
  MessageEdge?: MessageEdgeResolvers<ContextType>;
  MessageConnection?: MessageConnectionResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = RequestContext> = {
  personal?: PersonalDirectiveResolver<any, any, ContextType>;
  listSize?: ListSizeDirectiveResolver<any, any, ContextType>;
};
