<?php
/*
 * What WordPress's database says about every published post, as JSON:
 * `php dump.php DOCROOT`. Each link in a post's content comes with the post
 * WordPress resolves it to (url_to_postid), so the expected read-also targets are
 * WordPress's own answer, not levant's.
 */
require __DIR__ . '/bootstrap.php';

$posts = [];
$query = get_posts(['post_type' => 'post', 'post_status' => 'publish', 'numberposts' => -1, 'orderby' => 'ID', 'order' => 'ASC']);
foreach ($query as $post) {
    $links = [];
    preg_match_all('/href="([^"]*)"/', $post->post_content, $matches);
    foreach ($matches[1] as $href) {
        $url = html_entity_decode($href, ENT_QUOTES | ENT_HTML5, 'UTF-8');
        $links[] = ['href' => $url, 'post_id' => url_to_postid($url) ?: levant_old_slug($url)];
    }
    $posts[] = [
        'id' => $post->ID,
        'permalink' => get_permalink($post),
        'title' => $post->post_title,
        'content' => $post->post_content,
        'post_date' => $post->post_date,
        'post_date_gmt' => $post->post_date_gmt,
        'post_modified' => $post->post_modified,
        'author' => get_the_author_meta('display_name', $post->post_author),
        'categories' => wp_list_pluck(get_the_category($post->ID), 'name'),
        'tags' => wp_list_pluck(get_the_tags($post->ID) ?: [], 'name'),
        'links' => $links,
    ];
}
/** The post an old address stands for, as wp_old_slug_redirect finds it. */
function levant_old_slug(string $url): int {
    $path = trim((string) parse_url($url, PHP_URL_PATH), '/');
    $slug = sanitize_title(rawurldecode(basename($path)));
    $found = get_posts(['post_type' => 'post', 'meta_key' => '_wp_old_slug', 'meta_value' => $slug, 'numberposts' => 1, 'fields' => 'ids']);
    return $found ? (int) $found[0] : 0;
}

echo json_encode([
    'home' => home_url('/'),
    'name' => get_bloginfo('name'),
    'timezone' => wp_timezone_string(),
    'theme' => get_stylesheet(),
    'posts' => $posts,
], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
