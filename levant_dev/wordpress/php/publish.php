<?php
/*
 * What an editor does between two crawls, through WordPress's own API:
 * `php publish.php DOCROOT NEW EDITED` publishes NEW posts now and appends a
 * paragraph to the EDITED most recent earlier posts. Prints the new posts' and the
 * edited posts' IDs as JSON.
 */
require __DIR__ . '/bootstrap.php';

[$new, $edited] = [(int) $argv[2], (int) $argv[3]];
// (numberposts 0 would mean "the default number", not none)
$earlier = $edited > 0 ? get_posts(['post_type' => 'post', 'post_status' => 'publish', 'numberposts' => $edited, 'orderby' => 'date', 'order' => 'DESC']) : [];
$section = get_category_by_slug('politics');
$created = [];
for ($n = 1; $n <= $new; $n++) {
    $id = wp_insert_post([
        'post_title' => "خبر عاجل رقم $n من مراسلنا في درعا",
        'post_content' => "<!-- wp:paragraph -->\n<p>أفاد مراسلنا في درعا بأن الأهالي تجمعوا صباح اليوم أمام مبنى البلدية للمطالبة بإصلاح شبكة المياه للمرة $n.</p>\n<!-- /wp:paragraph -->",
        'post_status' => 'publish',
        'post_author' => 1,
        'post_category' => $section ? [$section->term_id] : [],
    ], true);
    if (is_wp_error($id)) {
        levant_fail('publish: ' . $id->get_error_message());
    }
    $created[] = $id;
}
$changed = [];
foreach ($earlier as $post) {
    // The added paragraph in the post's own editor: a block, or a classic paragraph.
    $update = 'تحديث: أضيفت إلى الخبر تفاصيل جديدة وردت من مصادر محلية.';
    if (str_contains($post->post_content, '<!-- wp:')) {
        $update = "<!-- wp:paragraph -->\n<p>$update</p>\n<!-- /wp:paragraph -->";
    }
    $result = wp_update_post(['ID' => $post->ID, 'post_content' => $post->post_content . "\n\n" . $update], true);
    if (is_wp_error($result)) {
        levant_fail('edit: ' . $result->get_error_message());
    }
    $changed[] = $post->ID;
}
echo json_encode(['created' => $created, 'edited' => $changed]), "\n";
