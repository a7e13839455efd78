import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  __Schema,
  __Type,
  type FieldDefinitionNode,
  type FieldNode,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxPageSize: number;
}

/** Lists with no `first` argument are assumed this long; introspection lists shorter. */
const ASSUMED_LIST = 20;
const ASSUMED_INTROSPECTION_LIST = 5;
const DEFAULT_FIRST = 50;

function limitError(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason } });
}

/**
 * The validation rules that bound what one operation may cost, applied to HTTP and graphql-ws
 * alike: nesting depth (introspection excluded: its shape is fixed), the number of aliases
 * (the cheap way to repeat an expensive field), and an estimate of the fields resolved with
 * list sizes multiplied in (`first`, or an assumed size). They need no variables: a `first`
 * given as a variable counts as the largest page allowed.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [depthRule(limits.maxDepth), aliasRule(limits.maxAliases), costRule(limits)];
}

function forEachField(context: ValidationContext, selectionSet: SelectionSetNode, seen: Set<string>, visit: (field: FieldNode, typeCondition: string | undefined) => void): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) visit(selection, undefined);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      forEachField(context, selection.selectionSet, seen, (field) => visit(field, selection.typeCondition?.name.value));
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      // A fragment already on this path is a cycle, which NoFragmentCyclesRule reports.
      if (!fragment || seen.has(name)) continue;
      const inner = new Set(seen).add(name);
      forEachField(context, fragment.selectionSet, inner, (field) => visit(field, fragment.typeCondition.name.value));
    }
  }
}

function depthRule(maxDepth: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const depthOf = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
        let deepest = 0;
        forEachField(context, selectionSet, seen, (field) => {
          if (field.name.value.startsWith('__')) return;
          deepest = Math.max(deepest, 1 + (field.selectionSet ? depthOf(field.selectionSet, seen) : 0));
        });
        return deepest;
      };
      const depth = depthOf(operation.selectionSet, new Set());
      if (depth > maxDepth) context.reportError(limitError('QUERY_TOO_DEEP', `The query is ${depth} levels deep; the limit is ${maxDepth}.`));
    },
  });
}

function aliasRule(maxAliases: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) context.reportError(limitError('TOO_MANY_ALIASES', `The query uses ${aliases} aliases; the limit is ${maxAliases}.`));
        },
      },
    };
  };
}

function firstArgument(field: FieldNode, maxPageSize: number): number | undefined {
  const first = field.arguments?.find((argument) => argument.name.value === 'first');
  if (!first) return undefined;
  if (first.value.kind === Kind.INT) return Math.min(Number(first.value.value), maxPageSize);
  return maxPageSize;
}

function takesFirst(definition: { args?: readonly { name: string }[] }): boolean {
  return definition.args?.some((argument) => argument.name === 'first') ?? false;
}

/** `@listSize(max: n)` on a list field the service bounds (a message's files): counted at that size. */
function declaredListSize(definition: object): number | undefined {
  const node = (definition as { astNode?: FieldDefinitionNode | null }).astNode;
  const directive = node?.directives?.find((d) => d.name.value === 'listSize');
  const max = directive?.arguments?.find((a) => a.name.value === 'max')?.value;
  return max?.kind === Kind.INT ? Number(max.value) : undefined;
}

function costRule(limits: QueryLimits): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const typeNamed = (name: string | undefined, fallback: GraphQLNamedType | undefined) => (name ? schema.getType(name) : undefined) ?? fallback;
      const costOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, pageSize: number | undefined, seen: Set<string>): number => {
        let cost = 0;
        forEachField(context, selectionSet, seen, (field, typeCondition) => {
          const owner = typeNamed(typeCondition, parent);
          const name = field.name.value;
          const definition =
            name === '__schema'
              ? { type: __Schema, args: [] }
              : name === '__type'
                ? { type: __Type, args: [] }
                : owner && (isObjectType(owner) || isInterfaceType(owner))
                  ? owner.getFields()[name]
                  : undefined;
          cost += 1;
          if (!definition || !field.selectionSet) return;
          const nullable = getNullableType(definition.type);
          const introspection = owner?.name.startsWith('__') ?? false;
          const multiplier = isListType(nullable) ? (pageSize ?? declaredListSize(definition) ?? (introspection ? ASSUMED_INTROSPECTION_LIST : ASSUMED_LIST)) : 1;
          // `first` sizes the list found below this field (a connection's edges).
          const nextPageSize = isListType(nullable) ? undefined : (firstArgument(field, limits.maxPageSize) ?? (takesFirst(definition) ? DEFAULT_FIRST : pageSize));
          cost += multiplier * costOf(field.selectionSet, getNamedType(definition.type), nextPageSize, seen);
        });
        return cost;
      };
      const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
      const cost = costOf(operation.selectionSet, root ?? undefined, undefined, new Set());
      if (cost > limits.maxCost) context.reportError(limitError('QUERY_TOO_COSTLY', `The query would resolve about ${cost} fields; the limit is ${limits.maxCost}.`));
    },
  });
}
