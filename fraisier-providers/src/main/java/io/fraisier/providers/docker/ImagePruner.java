package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import io.fraisier.core.spi.StepReporter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Removes tags of the configured image older than the current one, keeping {@code keep_images} images
 * in all: the current and previous containers' images always, then the newest older ones. Tags newer than
 * the current one are never touched (they may be the next deployment). A tag still used by another
 * container is left alone (and said so).
 *
 * <p>Not thread-safe (one per deployment).
 */
final class ImagePruner {
    private final DockerClient client;
    private final DockerSettings settings;
    private final DockerErrors errors;
    private final Map<String, Long> createdNanos = new HashMap<>();

    ImagePruner(DockerClient client, DockerSettings settings, DockerErrors errors) {
        this.client = client;
        this.settings = settings;
        this.errors = errors;
    }

    void prune(StepReporter steps) {
        if (settings.keepImages() == 0) {
            return;
        }
        Optional<String> currentId = imageIdOf(settings.containerName());
        if (currentId.isEmpty()) {
            return;
        }
        Set<String> protectedIds = new HashSet<>();
        protectedIds.add(currentId.get());
        imageIdOf(settings.previousName()).ifPresent(protectedIds::add);
        List<Image> images = errors.call(
                "listing images of " + settings.image(),
                () -> client.listImagesCmd()
                        .withImageNameFilter(settings.image())
                        .exec());
        long currentCreated = images.stream()
                .filter(i -> currentId.get().equals(i.getId()))
                .map(this::created)
                .findFirst()
                .orElse(Long.MAX_VALUE);
        // only images older than the current one: newer tags may be about to be deployed
        List<Image> older = new ArrayList<>(images.stream()
                .filter(i -> !protectedIds.contains(i.getId()) && created(i) < currentCreated)
                .filter(i -> !ownTags(i).isEmpty())
                .toList());
        older.sort(Comparator.comparingLong(this::created).reversed());
        List<String> removed = new ArrayList<>();
        List<String> inUse = new ArrayList<>();
        int kept = protectedIds.size();
        for (Image image : older) {
            if (kept < settings.keepImages()) {
                kept++;
                continue;
            }
            for (String tag : ownTags(image)) {
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

    /** Creation time in nanoseconds: the listing's seconds are too coarse for images built in a row. */
    private long created(Image image) {
        return createdNanos.computeIfAbsent(image.getId(), id -> {
            try {
                String created = client.inspectImageCmd(id).exec().getCreated();
                Instant at = Instant.parse(created);
                return at.getEpochSecond() * 1_000_000_000L + at.getNano();
            } catch (RuntimeException e) {
                return Objects.requireNonNullElse(image.getCreated(), 0L) * 1_000_000_000L;
            }
        });
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

    private Optional<String> imageIdOf(String container) {
        try {
            InspectContainerResponse c = client.inspectContainerCmd(container).exec();
            return Optional.ofNullable(c.getImageId());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw errors.translate("inspecting container " + container, e);
        }
    }
}
