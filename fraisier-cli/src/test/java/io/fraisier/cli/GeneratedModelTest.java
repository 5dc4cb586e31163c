package io.fraisier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ITypeInfo;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The models generated from the annotations (fraisier-cli-model) are the ones picocli builds by reading
 * them: for the whole tree, every command's help and attributes and every option's and positional's.
 */
class GeneratedModelTest {
    private static final Path DIR = Path.of("").toAbsolutePath();
    private static final CommandLine.Help.ColorScheme PLAIN =
            CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF);

    @Test
    void everyCommandOfTheTree_isModelledAsPicocliWouldFromTheAnnotations() throws Exception {
        CommandLine reflective = new CommandLine(new FraisierCommand(Map.of(), DIR));
        for (String name : Subcommands.NAMES) {
            Object command =
                    Subcommands.create(name).getClass().getDeclaredConstructor().newInstance();
            reflective.addSubcommand(name, command);
        }
        CommandLine generated = Subcommands.tree(new FraisierCommand(Map.of(), DIR), null);

        SoftAssertions softly = new SoftAssertions();
        List<String> compared = new ArrayList<>();
        compare(softly, reflective, generated, compared);
        softly.assertAll();
        // the top command, its 22 subcommands, lock's and config's own
        assertThat(compared).hasSize(1 + Subcommands.NAMES.size() + 3).contains("fraisier lock release");
    }

    @Test
    void theSpecFieldsAreInjected_andTheMixinIsCreated() {
        CommandLine generated = Subcommands.tree(new FraisierCommand(Map.of(), DIR), new String[] {"deploy"});
        CommandSpec deploy = generated.getSubcommands().get("deploy").getCommandSpec();

        assertThat(deploy.mixins()).containsOnlyKeys("freezeOverride");
        assertThat(deploy.findOption("--reason")).isNotNull();
        assertThat(generated
                        .getSubcommands()
                        .get("deploy")
                        .getCommandSpec()
                        .root()
                        .userObject())
                .isInstanceOf(FraisierCommand.class);
    }

    private static void compare(SoftAssertions softly, CommandLine expected, CommandLine actual, List<String> seen) {
        CommandSpec e = expected.getCommandSpec();
        CommandSpec a = actual.getCommandSpec();
        String at = e.qualifiedName();
        seen.add(at);
        softly.assertThat(actual.getUsageMessage(PLAIN)).as(at + " help").isEqualTo(expected.getUsageMessage(PLAIN));
        softly.assertThat(a.name()).as(at + " name").isEqualTo(e.name());
        softly.assertThat(a.aliases()).as(at + " aliases").containsExactly(e.aliases());
        softly.assertThat(a.helpCommand()).as(at + " helpCommand").isEqualTo(e.helpCommand());
        softly.assertThat(a.usageMessage().hidden())
                .as(at + " hidden")
                .isEqualTo(e.usageMessage().hidden());
        softly.assertThat(a.usageMessage().synopsisSubcommandLabel())
                .as(at + " synopsisSubcommandLabel")
                .isEqualTo(e.usageMessage().synopsisSubcommandLabel());
        softly.assertThat(a.usageMessage().description())
                .as(at + " description")
                .containsExactly(e.usageMessage().description());
        softly.assertThat(a.mixins().keySet())
                .as(at + " mixins")
                .containsExactlyElementsOf(e.mixins().keySet());
        softly.assertThat(a.scopeType()).as(at + " scope").isEqualTo(e.scopeType());
        softly.assertThat(a.exitCodeOnInvalidInput()).as(at + " exit code").isEqualTo(e.exitCodeOnInvalidInput());
        softly.assertThat(a.userObject().getClass())
                .as(at + " class")
                .isEqualTo(e.userObject().getClass());

        softly.assertThat(names(a.options())).as(at + " options").containsExactlyElementsOf(names(e.options()));
        for (int i = 0; i < Math.min(a.options().size(), e.options().size()); i++) {
            OptionSpec eo = e.options().get(i);
            OptionSpec ao = a.options().get(i);
            String where = at + " " + eo.longestName();
            compareArg(softly, where, eo, ao);
            softly.assertThat(ao.names()).as(where + " names").containsExactly(eo.names());
            softly.assertThat(ao.negatable()).as(where + " negatable").isEqualTo(eo.negatable());
            softly.assertThat(ao.usageHelp()).as(where + " usageHelp").isEqualTo(eo.usageHelp());
            softly.assertThat(ao.versionHelp()).as(where + " versionHelp").isEqualTo(eo.versionHelp());
            softly.assertThat(ao.fallbackValue()).as(where + " fallbackValue").isEqualTo(eo.fallbackValue());
            softly.assertThat(ao.order()).as(where + " order").isEqualTo(eo.order());
        }
        softly.assertThat(a.positionalParameters()).as(at + " positionals").hasSameSizeAs(e.positionalParameters());
        for (int i = 0;
                i
                        < Math.min(
                                a.positionalParameters().size(),
                                e.positionalParameters().size());
                i++) {
            PositionalParamSpec ep = e.positionalParameters().get(i);
            PositionalParamSpec ap = a.positionalParameters().get(i);
            String where = at + " " + ep.paramLabel();
            compareArg(softly, where, ep, ap);
            softly.assertThat(ap.index().toString())
                    .as(where + " index")
                    .isEqualTo(ep.index().toString());
            softly.assertThat(ap.index().isUnspecified())
                    .as(where + " index unspecified")
                    .isEqualTo(ep.index().isUnspecified());
        }

        softly.assertThat(actual.getSubcommands().keySet())
                .as(at + " subcommands")
                .containsExactlyElementsOf(expected.getSubcommands().keySet());
        for (Map.Entry<String, CommandLine> sub : expected.getSubcommands().entrySet()) {
            CommandLine other = actual.getSubcommands().get(sub.getKey());
            if (other != null) {
                compare(softly, sub.getValue(), other, seen);
            }
        }
    }

    private static void compareArg(SoftAssertions softly, String where, ArgSpec e, ArgSpec a) {
        softly.assertThat(a.arity().toString())
                .as(where + " arity")
                .isEqualTo(e.arity().toString());
        softly.assertThat(a.arity().isUnspecified())
                .as(where + " arity unspecified")
                .isEqualTo(e.arity().isUnspecified());
        softly.assertThat(a.type()).as(where + " type").isEqualTo(e.type());
        softly.assertThat(a.auxiliaryTypes()).as(where + " auxiliary types").containsExactly(e.auxiliaryTypes());
        softly.assertThat(a.paramLabel()).as(where + " paramLabel").isEqualTo(e.paramLabel());
        softly.assertThat(a.description()).as(where + " description").containsExactly(e.description());
        softly.assertThat(a.required()).as(where + " required").isEqualTo(e.required());
        softly.assertThat(a.defaultValue()).as(where + " defaultValue").isEqualTo(e.defaultValue());
        softly.assertThat(a.hidden()).as(where + " hidden").isEqualTo(e.hidden());
        softly.assertThat(a.scopeType()).as(where + " scope").isEqualTo(e.scopeType());
        softly.assertThat(a.inherited()).as(where + " inherited").isEqualTo(e.inherited());
        softly.assertThat(a.splitRegex()).as(where + " split").isEqualTo(e.splitRegex());
        softly.assertThat(a.interactive()).as(where + " interactive").isEqualTo(e.interactive());
        softly.assertThat(a.showDefaultValue()).as(where + " showDefaultValue").isEqualTo(e.showDefaultValue());
        softly.assertThat(candidates(a)).as(where + " completion candidates").isEqualTo(candidates(e));
        softly.assertThat(classes(a.converters())).as(where + " converters").isEqualTo(classes(e.converters()));
        softly.assertThat(a.hasInitialValue()).as(where + " hasInitialValue").isEqualTo(e.hasInitialValue());
        softly.assertThat(describe(a.initialValue()))
                .as(where + " initialValue")
                .isEqualTo(describe(e.initialValue()));
        softly.assertThat(a.toString()).as(where + " toString").isEqualTo(e.toString());
        ITypeInfo et = e.typeInfo();
        ITypeInfo at = a.typeInfo();
        softly.assertThat(at.getClassName()).as(where + " type name").isEqualTo(et.getClassName());
        softly.assertThat(at.isMultiValue()).as(where + " multi-value").isEqualTo(et.isMultiValue());
        softly.assertThat(at.isBoolean()).as(where + " boolean").isEqualTo(et.isBoolean());
        softly.assertThat(at.isEnum()).as(where + " enum").isEqualTo(et.isEnum());
        softly.assertThat(at.getEnumConstantNames())
                .as(where + " enum constants")
                .isEqualTo(et.getEnumConstantNames());
        softly.assertThat(at.getActualGenericTypeArguments())
                .as(where + " type arguments")
                .isEqualTo(et.getActualGenericTypeArguments());
        softly.assertThat(at.getAuxiliaryTypeInfos().stream()
                        .map(ITypeInfo::getClassName)
                        .toList())
                .as(where + " auxiliary type infos")
                .isEqualTo(et.getAuxiliaryTypeInfos().stream()
                        .map(ITypeInfo::getClassName)
                        .toList());
    }

    private static List<String> names(List<OptionSpec> options) {
        return options.stream().map(OptionSpec::longestName).toList();
    }

    private static List<String> candidates(ArgSpec arg) {
        if (arg.completionCandidates() == null) {
            return null;
        }
        List<String> list = new ArrayList<>();
        arg.completionCandidates().forEach(list::add);
        return list;
    }

    private static List<Class<?>> classes(Object[] objects) {
        return objects == null
                ? null
                : Arrays.stream(objects).<Class<?>>map(Object::getClass).toList();
    }

    private static String describe(Object value) {
        return value != null && value.getClass().isArray()
                ? value.getClass().getName() + Arrays.deepToString(new Object[] {value})
                : Objects.toString(value);
    }
}
