package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import io.fraisier.core.spi.StepReporter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Removes tags of the configured image beyond the newest {@code keep_images}, never the images of the
 * current and previous containers. A tag still used by another container is left alone (and said so).
 *
 * <p>Not thread-safe (one per deployment).
 */
final class ImagePruner {
    private final DockerClient client;
    private final DockerSettings settings;
    private final DockerErrors errors;

    ImagePruner(DockerClient client, DockerSettings settings, DockerErrors errors) {
        this.client = client;
        this.settings = settings;
        this.errors = errors;
    }

    void prune(StepReporter steps) {
        if (settings.keepImages() == 0) {
            return;
        }
        Set<String> protectedIds = new HashSet<>();
        for (String name : List.of(settings.containerName(), settings.previousName())) {
            imageIdOf(name).ifPresent(protectedIds::add);
        }
        List<Image> images = errors.call(
                "listing images of " + settings.image(),
                () -> client.listImagesCmd()
                        .withImageNameFilter(settings.image())
                        .exec());
        List<Image> newestFirst = new ArrayList<>(images);
        newestFirst.sort(Comparator.comparing((Image i) -> Objects.requireNonNullElse(i.getCreated(), 0L))
                .reversed());
        List<String> removed = new ArrayList<>();
        List<String> inUse = new ArrayList<>();
        int kept = 0;
        for (Image image : newestFirst) {
            List<String> tags = ownTags(image);
            if (tags.isEmpty()) {
                continue;
            }
            if (protectedIds.contains(image.getId()) || kept < settings.keepImages()) {
                kept++;
                continue;
            }
            for (String tag : tags) {
                try {
                    client.removeImageCmd(tag).withForce(false).exec();
                    removed.add(tag);
                } catch (ConflictException e) {
                    inUse.add(tag);
                } catch (NotFoundException e) {
                    // removed meanwhile
                } catch (RuntimeException e) {
                    throw errors.translate("removing image " + tag, e);
                }
            }
        }
        if (!removed.isEmpty()) {
            steps.step(
                    "prune", "removed " + String.join(", ", removed) + " (keep_images: " + settings.keepImages() + ")");
        }
        if (!inUse.isEmpty()) {
            steps.step("prune", "kept " + String.join(", ", inUse) + ": used by other containers");
        }
    }

    private List<String> ownTags(Image image) {
        String[] tags = image.getRepoTags();
        if (tags == null) {
            return List.of();
        }
        List<String> own = new ArrayList<>();
        for (String tag : tags) {
            if (tag.startsWith(settings.image() + ":")) {
                own.add(tag);
            }
        }
        return own;
    }

    private java.util.Optional<String> imageIdOf(String container) {
        try {
            InspectContainerResponse c = client.inspectContainerCmd(container).exec();
            return java.util.Optional.ofNullable(c.getImageId());
        } catch (NotFoundException e) {
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            throw errors.translate("inspecting container " + container, e);
        }
    }
}
