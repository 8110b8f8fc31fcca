<?php
/*
 * Installs WordPress into the empty database: `php install.php DOCROOT TITLE`.
 * Arabic site (if Debian's wordpress-l10n is installed), Asia/Damascus, permalinks
 * with the date, none of WordPress's sample content.
 */
define('LEVANT_INSTALLING', true);
require __DIR__ . '/bootstrap.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$title = $argv[2];
$result = wp_install($title, 'levant', 'editor@levant.invalid', true, '', wp_generate_password(24));
if (is_wp_error($result)) {
    levant_fail($result->get_error_message());
}
update_option('timezone_string', 'Asia/Damascus');
update_option('gmt_offset', '');
update_option('blogdescription', 'أخبار سوريا والمشرق');
update_option('posts_per_page', 10);
update_option('WPLANG', file_exists(WP_LANG_DIR . '/ar.mo') ? 'ar' : '');
update_option('default_pingback_flag', 0);
update_option('default_ping_status', 'closed');
update_option('levant_seo_mode', 0);

global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
flush_rewrite_rules(false);

// WordPress's samples: "Hello world!", the sample page, the privacy policy draft.
foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'any', 'numberposts' => -1]) as $sample) {
    wp_delete_post($sample->ID, true);
}
echo json_encode(['home' => home_url('/'), 'language' => get_option('WPLANG')]), "\n";
