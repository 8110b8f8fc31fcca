<?php
/**
 * Plugin Name: Levant SEO (tests)
 * Description: The head tags common SEO plugins print on a single post, for levant's tests. Off unless the option levant_seo_mode is 1.
 *
 * What it imitates (facts about Yoast SEO and Rank Math output, written anew here):
 * - og:title and the JSON-LD headline are the "SEO title": post title, separator, site name;
 * - article:published_time / article:modified_time and JSON-LD dates are in UTC;
 * - JSON-LD articleSection is one comma-joined string of the post's categories;
 * - JSON-LD is a single @graph holding the organisation, the web page and the article;
 * - the document title uses "-" as its separator.
 */

if (!defined('ABSPATH')) {
    exit;
}

function levant_seo_on(): bool {
    return (bool) get_option('levant_seo_mode');
}

add_filter('document_title_separator', function ($separator) {
    return levant_seo_on() ? '-' : $separator;
});

add_action('wp_head', 'levant_seo_head', 1);

function levant_seo_head(): void {
    if (!levant_seo_on() || !is_singular('post')) {
        return;
    }
    $post = get_queried_object();
    $site = get_bloginfo('name');
    $home = home_url('/');
    $url = get_permalink($post);
    $title = wp_strip_all_tags(get_the_title($post)) . ' - ' . $site;
    $published = get_post_time('Y-m-d\TH:i:s+00:00', true, $post);
    $modified = get_post_modified_time('Y-m-d\TH:i:s+00:00', true, $post);
    $sections = wp_list_pluck(get_the_category($post->ID), 'name');
    $tags = wp_list_pluck(get_the_tags($post->ID) ?: [], 'name');
    $author = get_the_author_meta('display_name', $post->post_author);
    $description = wp_trim_words(wp_strip_all_tags(strip_shortcodes($post->post_content)), 30, '');

    $meta = [
        ['property', 'og:locale', 'ar_AR'],
        ['property', 'og:type', 'article'],
        ['property', 'og:title', $title],
        ['property', 'og:description', $description],
        ['property', 'og:url', $url],
        ['property', 'og:site_name', $site],
        ['property', 'article:published_time', $published],
        ['property', 'article:modified_time', $modified],
    ];
    if ($sections) {
        $meta[] = ['property', 'article:section', $sections[0]];
    }
    foreach ($tags as $tag) {
        $meta[] = ['property', 'article:tag', $tag];
    }
    $meta[] = ['name', 'author', $author];
    $meta[] = ['name', 'twitter:card', 'summary_large_image'];
    $meta[] = ['name', 'twitter:title', $title];
    echo "<!-- levant-seo: SEO head tags -->\n";
    echo '<link rel="canonical" href="' . esc_url($url) . '" />' . "\n";
    foreach ($meta as [$attribute, $name, $content]) {
        printf('<meta %s="%s" content="%s" />' . "\n", $attribute, esc_attr($name), esc_attr($content));
    }

    $graph = [
        '@context' => 'https://schema.org',
        '@graph' => [
            [
                '@type' => 'Organization',
                '@id' => $home . '#organization',
                'name' => $site,
                'url' => $home,
            ],
            [
                '@type' => 'WebPage',
                '@id' => $url,
                'url' => $url,
                'name' => $title,
                'datePublished' => $published,
                'dateModified' => $modified,
                'inLanguage' => 'ar',
            ],
            [
                '@type' => 'NewsArticle',
                '@id' => $url . '#article',
                'isPartOf' => ['@id' => $url],
                'mainEntityOfPage' => ['@id' => $url],
                'headline' => $title,
                'datePublished' => get_post_time('Y-m-d\TH:i:s\Z', true, $post),
                'dateModified' => $modified,
                'author' => ['@type' => 'Person', 'name' => $author],
                'publisher' => ['@id' => $home . '#organization'],
                'articleSection' => implode(', ', $sections),
                'keywords' => implode(',', $tags),
                'inLanguage' => 'ar',
            ],
        ],
    ];
    echo '<script type="application/ld+json" class="levant-seo-schema">'
        . wp_json_encode($graph, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)
        . "</script>\n";
}

// SEO plugins print their own canonical link; WordPress's is then left out.
add_action('wp', function () {
    if (levant_seo_on()) {
        remove_action('wp_head', 'rel_canonical');
    }
});
