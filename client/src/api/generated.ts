// Generated from api-gateway/src/schema.graphql by api-gateway/scripts/generate-graphql.mjs: do not edit.
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
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
};

export type UserStatus =
  | 'ONLINE'
  | 'AWAY'
  | 'BUSY'
  | 'OFFLINE';

export type UserRole =
  | 'USER'
  | 'OPERATOR'
  | 'ADMIN';

export type MessageStatus =
  | 'SENT'
  | 'DELIVERED'
  | 'READ'
  | 'DELETED';

export type ConversationKind =
  | 'ROOM'
  | 'DIRECT'
  | 'GROUP'
  | 'SUPPORT';

export type MemberRole =
  | 'MEMBER'
  | 'OWNER'
  | 'OPERATOR';

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
