package org.jtracemalloc.agent.instrument;

import net.bytebuddy.jar.asm.Type;

/**
 * Which string concatenation call sites get their {@code String} from a hidden class on JDK 24+.
 * {@code StringConcatFactory.makeConcatWithConstants} serves a few shapes from
 * {@code StringConcatHelper} (rewritten like any JDK class, so its {@code String} is traced there)
 * and spins a hidden class for every other shape; this mirrors that choice from the call site's
 * descriptor and recipe, so that each {@code String} is reported exactly once.
 */
final class StringConcatShapes {
    /** In a recipe: an argument of the call site. */
    private static final char TAG_ARG = '\u0001';
    /** In a recipe: the next bootstrap argument, a constant. */
    private static final char TAG_CONST = '\u0002';

    private StringConcatShapes() {}

    /**
     * @param descriptor the {@code invokedynamic}'s descriptor: the concatenated values
     * @param bootstrapArguments the recipe, then the constants its {@code \u0002} tags stand for
     */
    static boolean allocatesInHiddenClass(String descriptor, Object[] bootstrapArguments) {
        if (bootstrapArguments.length == 0 || !(bootstrapArguments[0] instanceof String recipe)) {
            return false;
        }
        Type[] values = Type.getArgumentTypes(descriptor);
        String[] constants = constantsAround(values.length, recipe, bootstrapArguments);
        if (constants == null) {
            return false;
        }
        boolean primitives = false;
        for (Type value : values) {
            primitives |= value.getSort() != Type.OBJECT && value.getSort() != Type.ARRAY;
        }
        // The shapes StringConcatHelper serves: no value; one value with at most one constant
        // side (or none) and, with a constant, no primitive; two objects and no constant.
        switch (values.length) {
            case 0:
                return false;
            case 1:
                boolean noPrefix = constants[0].isEmpty();
                boolean noSuffix = constants[1].isEmpty();
                return !(noPrefix && noSuffix || (noPrefix || noSuffix) && !primitives);
            case 2:
                return primitives || !(constants[0].isEmpty() && constants[1].isEmpty() && constants[2].isEmpty());
            default:
                return true;
        }
    }

    /** The constant text before each value and after the last (values + 1 entries), or null for a malformed recipe. */
    private static String[] constantsAround(int values, String recipe, Object[] bootstrapArguments) {
        String[] constants = new String[values + 1];
        StringBuilder pending = new StringBuilder();
        int value = 0;
        int constant = 1;
        for (int i = 0; i < recipe.length(); i++) {
            char c = recipe.charAt(i);
            if (c == TAG_ARG) {
                if (value == values) {
                    return null;
                }
                constants[value++] = pending.toString();
                pending.setLength(0);
            } else if (c == TAG_CONST) {
                if (constant == bootstrapArguments.length) {
                    return null;
                }
                pending.append(bootstrapArguments[constant++]);
            } else {
                pending.append(c);
            }
        }
        if (value != values) {
            return null;
        }
        constants[values] = pending.toString();
        return constants;
    }
}
