package org.postroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.el.FunctionMapper;
import jakarta.el.VariableMapper;
import org.junit.jupiter.api.Test;

class RecordGettersTest {
  public record Row(int count, String name) {
    public boolean isMany() {
      return count > 1;
    }

    public String getLabel() {
      return name + " (" + count + ")";
    }
  }

  @Test
  void aRecordsGettersAreReadableAndItsComponentsAreLeftToTheStandardResolver() {
    RecordGetters resolver = new RecordGetters();
    ELContext ctx =
        new ELContext() {
          @Override
          public ELResolver getELResolver() {
            return resolver;
          }

          @Override
          public FunctionMapper getFunctionMapper() {
            return null;
          }

          @Override
          public VariableMapper getVariableMapper() {
            return null;
          }
        };
    Row row = new Row(3, "Inbox");

    assertThat(resolver.getValue(ctx, row, "many")).isEqualTo(true);
    assertThat(ctx.isPropertyResolved()).isTrue();
    ctx.setPropertyResolved(false);
    assertThat(resolver.getValue(ctx, row, "label")).isEqualTo("Inbox (3)");
    assertThat(resolver.isReadOnly(ctx, row, "label")).isTrue();

    ctx.setPropertyResolved(false);
    assertThat(resolver.getValue(ctx, row, "count")).isNull();
    assertThat(ctx.isPropertyResolved()).isFalse();
    assertThat(resolver.getValue(ctx, "not a record", "bytes")).isNull();
    assertThat(ctx.isPropertyResolved()).isFalse();
  }
}
