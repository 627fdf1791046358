package org.postroom.web;

import jakarta.el.ELContext;
import jakarta.el.ELException;
import jakarta.el.ELResolver;
import jakarta.el.PropertyNotWritableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lets pages read the derived properties of a record ({@code row.unread} for {@code
 * ListRow.isUnread()}): Jakarta EL 6 (EE 11) resolves a record's properties by its components only
 * and fails on anything else, where EL 5 found bean getters. Registered in {@code faces-config.xml}
 * ahead of the standard resolvers; a name that is no public {@code isX()} or {@code getX()} of the
 * record is left to them (components first among them). Read-only.
 */
public class RecordGetters extends ELResolver {
  private static final ClassValue<Map<String, Method>> GETTERS =
      new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
          Map<String, Method> getters = new HashMap<>();
          for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0
                || Modifier.isStatic(m.getModifiers())
                || m.getDeclaringClass() == Object.class) {
              continue;
            }
            String name = m.getName();
            String property = null;
            if (name.startsWith("is")
                && name.length() > 2
                && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
              property = name.substring(2);
            } else if (name.startsWith("get") && name.length() > 3) {
              property = name.substring(3);
            }
            if (property != null && Character.isUpperCase(property.charAt(0))) {
              getters.putIfAbsent(
                  property.substring(0, 1).toLowerCase(Locale.ROOT) + property.substring(1), m);
            }
          }
          return Map.copyOf(getters);
        }
      };

  private static Method getter(Object base, Object property) {
    if (base == null || !base.getClass().isRecord() || !(property instanceof String name)) {
      return null;
    }
    return GETTERS.get(base.getClass()).get(name);
  }

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    Method m = getter(base, property);
    if (m == null) {
      return null;
    }
    try {
      Object value = m.invoke(base);
      context.setPropertyResolved(base, property);
      return value;
    } catch (InvocationTargetException e) {
      throw new ELException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new ELException(e);
    }
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    if (getter(base, property) == null) {
      return null;
    }
    context.setPropertyResolved(base, property);
    return null; // read-only
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    if (getter(base, property) != null) {
      throw new PropertyNotWritableException(property + " of a record is read-only");
    }
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    if (getter(base, property) == null) {
      return false;
    }
    context.setPropertyResolved(base, property);
    return true;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return base != null && base.getClass().isRecord() ? String.class : null;
  }
}
