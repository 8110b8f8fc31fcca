<?php
/*
 * Writes the test site's content through WordPress's API:
 * `php seed.php DOCROOT PLAN.json IMAGE.png`. The plan (levant_dev/wordpress/content.py)
 * lists authors, sections and posts oldest first; a post links only to older ones.
 * Prints the post IDs by plan key, as JSON.
 */
require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/image.php';

$plan = json_decode(file_get_contents($argv[2]), true);
$image = $argv[3];

$authors = [];
foreach ($plan['authors'] as $author) {
    $id = wp_insert_user([
        'user_login' => $author['login'],
        'user_pass' => wp_generate_password(24),
        'user_email' => $author['login'] . '@levant.invalid',
        'display_name' => $author['name'],
        'nickname' => $author['name'],
        'role' => 'author',
    ]);
    if (is_wp_error($id)) {
        levant_fail('author ' . $author['login'] . ': ' . $id->get_error_message());
    }
    $authors[$author['login']] = $id;
}

$sections = [];
foreach ($plan['sections'] as $section) {
    $term = wp_insert_term($section['name'], 'category', ['slug' => $section['slug']]);
    if (is_wp_error($term)) {
        levant_fail('section ' . $section['slug'] . ': ' . $term->get_error_message());
    }
    $sections[$section['slug']] = $term['term_id'];
}

$ids = [];
foreach ($plan['posts'] as $post) {
    $key = $post['key'];
    $content = $post['content'];
    if ($post['image']) {
        [$image_id, $image_url] = levant_attach($image, $key, $post['date'], $post['image']['caption']);
        $content = str_replace(['{{image_id}}', '{{image_url}}'], [$image_id, $image_url], $content);
    }
    $content = levant_links($content, $ids);
    $postarr = [
        'post_title' => $post['title'],
        'post_content' => $content,
        'post_status' => 'publish',
        'post_type' => 'post',
        'post_author' => $authors[$post['author']],
        'post_date' => $post['date'],
        'post_category' => array_map(fn($slug) => $sections[$slug], $post['categories']),
    ];
    if ($post['slug']) {
        $postarr['post_name'] = $post['slug'];
    }
    $id = wp_insert_post($postarr, true);
    if (is_wp_error($id)) {
        levant_fail("post $key: " . $id->get_error_message());
    }
    wp_set_post_terms($id, $post['tags'], 'post_tag');
    if ($post['image']) {
        wp_update_post(['ID' => $image_id, 'post_parent' => $id]);
    }
    $ids[$key] = $id;
}

// Edits made later: WordPress stamps post_modified with the time of the edit.
foreach ($plan['posts'] as $post) {
    if ($post['edit']) {
        $current = get_post($ids[$post['key']]);
        $edited = wp_update_post(['ID' => $current->ID, 'post_content' => $current->post_content . "\n\n" . $post['edit']], true);
        if (is_wp_error($edited)) {
            levant_fail('edit ' . $post['key'] . ': ' . $edited->get_error_message());
        }
    }
}

// Slugs changed after other posts linked to them: WordPress keeps the old one
// (_wp_old_slug) and redirects the old address to the new permalink.
foreach ($plan['posts'] as $post) {
    if ($post['rename']) {
        $renamed = wp_update_post(['ID' => $ids[$post['key']], 'post_name' => $post['rename']], true);
        if (is_wp_error($renamed)) {
            levant_fail('rename ' . $post['key'] . ': ' . $renamed->get_error_message());
        }
    }
}

levant_menus($plan['sections'], $sections);
echo json_encode($ids), "\n";

/** The URL of an earlier post as an editor pasted it. */
function levant_url(int $id, string $form): string {
    $permalink = get_permalink($id);
    $raw = rawurldecode($permalink);
    switch ($form) {
        case 'shortlink':
            return home_url('/?p=' . $id);
        case 'shortlink_utm':
            return home_url('/?p=' . $id . '&utm_source=facebook&utm_medium=social');
        case 'permalink':
            return $permalink;
        case 'permalink_raw':
            return $raw;
        case 'permalink_utm':
            return $permalink . '?utm_source=twitter&utm_campaign=share';
        case 'permalink_noslash':
            return rtrim($permalink, '/');
        case 'permalink_raw_noslash':
            return rtrim($raw, '/');
        case 'permalink_upper':
            return preg_replace_callback('/%[0-9a-f]{2}/', fn($m) => strtoupper($m[0]), $permalink);
        case 'relative':
            return wp_make_link_relative($permalink);
    }
    levant_fail("unknown link form $form");
}

function levant_links(string $content, array $ids): string {
    $content = preg_replace_callback('/\{\{url:(\d+):(\w+)\}\}/', function ($m) use ($ids) {
        return esc_attr(levant_url($ids[(int) $m[1]], $m[2]));
    }, $content);
    return preg_replace_callback('/\{\{title:(\d+)\}\}/', function ($m) use ($ids) {
        return esc_html(get_post($ids[(int) $m[1]])->post_title);
    }, $content);
}

/** A captioned image in the uploads folder of the post's month, as an attachment. */
function levant_attach(string $source, int $key, string $date, string $caption): array {
    $uploads = wp_upload_dir(str_replace('-', '/', substr($date, 0, 7)));
    $file = $uploads['path'] . "/levant-$key.png";
    copy($source, $file);
    $id = wp_insert_attachment([
        'post_mime_type' => 'image/png',
        'post_title' => "levant-$key",
        'post_excerpt' => $caption,
        'post_status' => 'inherit',
        'post_date' => $date,
    ], $file, 0, true);
    if (is_wp_error($id)) {
        levant_fail("image $key: " . $id->get_error_message());
    }
    return [$id, $uploads['url'] . "/levant-$key.png"];
}

/**
 * The main menu, linking to the sections shown in it: as a classic menu (for themes
 * with menu locations) and as a navigation block (wp_navigation) for block themes.
 */
function levant_menus(array $plan_sections, array $sections): void {
    $menu = wp_create_nav_menu('القائمة الرئيسية');
    if (is_wp_error($menu)) {
        levant_fail('menu: ' . $menu->get_error_message());
    }
    $links = [];
    foreach ($plan_sections as $section) {
        if (!$section['menu']) {
            continue;
        }
        $term_id = $sections[$section['slug']];
        wp_update_nav_menu_item($menu, 0, [
            'menu-item-title' => $section['name'],
            'menu-item-object-id' => $term_id,
            'menu-item-object' => 'category',
            'menu-item-type' => 'taxonomy',
            'menu-item-status' => 'publish',
        ]);
        $attrs = [
            'label' => $section['name'],
            'type' => 'category',
            'id' => $term_id,
            'url' => get_category_link($term_id),
            'kind' => 'taxonomy',
        ];
        $links[] = '<!-- wp:navigation-link ' . wp_json_encode($attrs, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES) . ' /-->';
    }
    $navigation = wp_insert_post([
        'post_type' => 'wp_navigation',
        'post_title' => 'القائمة الرئيسية',
        'post_status' => 'publish',
        'post_content' => implode("\n", $links),
    ], true);
    if (is_wp_error($navigation)) {
        levant_fail('navigation: ' . $navigation->get_error_message());
    }
    update_option('levant_classic_menu', $menu);
    update_option('levant_navigation', $navigation);
}
