package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.Png;
import dev.forgewatch.splunk.conf.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The images Splunk Web and Splunkbase show: PNGs of the sizes they expect; the icons are required. */
final class IconsCheck implements AppCheck {
    private record Image(int width, int height, boolean required) {
    }

    private static final Map<String, Image> IMAGES = Map.of(
            "static/appIcon.png", new Image(36, 36, true),
            "static/appIcon_2x.png", new Image(72, 72, true),
            "static/appIconAlt.png", new Image(36, 36, false),
            "static/appIconAlt_2x.png", new Image(72, 72, false),
            "static/appLogo.png", new Image(160, 40, false),
            "static/appLogo_2x.png", new Image(320, 80, false));

    @Override
    public String name() {
        return "icons";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        IMAGES.forEach((path, image) -> {
            Optional<AppTree.Entry> file = app.file(path);
            if (file.isEmpty()) {
                if (image.required()) {
                    problems.add(new Problem(path, 0, "check_app_icon_exists", path + " is missing"));
                }
                return;
            }
            Png.Size size = Png.size(file.get().content());
            if (size == null) {
                problems.add(new Problem(path, 0, "check_app_icon_is_png", "not a PNG image"));
            } else if (size.width() != image.width() || size.height() != image.height()) {
                problems.add(new Problem(path, 0, "check_app_icon_dimensions", "is " + size.width() + "x" + size.height()
                        + ", expected " + image.width() + "x" + image.height()));
            }
        });
        return problems;
    }
}
