<?php
/*
 * Switches the theme and the SEO plugin: `php configure.php DOCROOT THEME SEO(0|1)`.
 * A block theme gets its header customised the way a site owner does in the Site
 * Editor: the header's navigation block shows the main menu (a saved header
 * template part of that theme). A classic theme gets the classic menu in its first
 * menu location.
 */
require __DIR__ . '/bootstrap.php';

[$theme, $seo] = [$argv[2], $argv[3]];
if (!wp_get_theme($theme)->exists()) {
    levant_fail("theme $theme is not installed");
}
switch_theme($theme);
update_option('levant_seo_mode', (int) $seo);

if (wp_is_block_theme()) {
    levant_block_header($theme, (int) get_option('levant_navigation'));
} else {
    $locations = array_keys(get_registered_nav_menus());
    if ($locations) {
        set_theme_mod('nav_menu_locations', [$locations[0] => (int) get_option('levant_classic_menu')]);
    }
}
echo json_encode(['theme' => get_stylesheet(), 'block_theme' => wp_is_block_theme(), 'seo' => (bool) get_option('levant_seo_mode')]), "\n";

function levant_block_header(string $theme, int $navigation): void {
    $saved = get_posts([
        'post_type' => 'wp_template_part',
        'name' => 'header',
        'post_status' => 'publish',
        'tax_query' => [['taxonomy' => 'wp_theme', 'field' => 'name', 'terms' => $theme]],
    ]);
    if ($saved) {
        return;
    }
    $file = get_theme_file_path('parts/header.html');
    if (!is_file($file)) {
        return;
    }
    $blocks = levant_point_navigation(parse_blocks(file_get_contents($file)), $navigation);
    $id = wp_insert_post([
        'post_type' => 'wp_template_part',
        'post_name' => 'header',
        'post_title' => 'Header',
        'post_status' => 'publish',
        'post_content' => serialize_blocks($blocks),
    ], true);
    if (is_wp_error($id)) {
        levant_fail('header: ' . $id->get_error_message());
    }
    wp_set_post_terms($id, [$theme], 'wp_theme');
    wp_set_post_terms($id, ['header'], 'wp_template_part_area');
}

/** Every navigation block shows the saved menu instead of its own links. */
function levant_point_navigation(array $blocks, int $navigation): array {
    foreach ($blocks as &$block) {
        if ($block['blockName'] === 'core/navigation') {
            $block['attrs']['ref'] = $navigation;
            $block['innerBlocks'] = [];
            $block['innerContent'] = [];
            $block['innerHTML'] = '';
        } elseif ($block['innerBlocks']) {
            $block['innerBlocks'] = levant_point_navigation($block['innerBlocks'], $navigation);
        }
    }
    return $blocks;
}
