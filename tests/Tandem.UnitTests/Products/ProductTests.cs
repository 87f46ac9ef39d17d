using Tandem.Domain.Common;
using Tandem.Domain.Products;

namespace Tandem.UnitTests.Products;

public class ProductCreation
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("PAY", "PAY")]
    [InlineData(" pay ", "PAY")]
    [InlineData("A1", "A1")]
    [InlineData("ABCDEFGHIJ", "ABCDEFGHIJ")]
    public void Accepts_keys_of_two_to_ten_letters_or_digits_starting_with_a_letter(string key, string expected)
    {
        var product = Product.Create(Guid.NewGuid(), key, "Payments", Now);

        Assert.Equal(expected, product.Key);
        Assert.Equal(1, product.Version);
        Assert.Equal(Now, product.CreatedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("1PAY")]
    [InlineData("PA-Y")]
    [InlineData("ABCDEFGHIJK")]
    [InlineData("PAY Y")]
    public void Refuses_bad_keys_naming_the_key_field(string key)
    {
        var e = Assert.Throws<DomainException>(() => Product.Create(Guid.NewGuid(), key, "Payments", Now));
        Assert.Equal("key", e.Field);
        Assert.False(Product.IsValidKey(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Refuses_an_empty_name(string name)
    {
        var e = Assert.Throws<DomainException>(() => Product.Create(Guid.NewGuid(), "PAY", name, Now));
        Assert.Equal("name", e.Field);
    }

    [Fact]
    public void Refuses_a_name_longer_than_the_maximum_and_trims_names()
    {
        var e = Assert.Throws<DomainException>(() => Product.Create(Guid.NewGuid(), "PAY", new string('x', Product.NameMaxLength + 1), Now));
        Assert.Equal("name", e.Field);

        var ok = Product.Create(Guid.NewGuid(), "PAY", "  " + new string('x', Product.NameMaxLength) + "  ", Now);
        Assert.Equal(Product.NameMaxLength, ok.Name.Length);
    }

    [Fact]
    public void Reports_every_field_it_refuses_at_once()
    {
        var e = Assert.Throws<DomainException>(() => Product.Create(Guid.NewGuid(), " ", null, Now));

        Assert.Equal(["key", "name"], e.Fields.Keys.Order());
        Assert.Equal("A product needs a key, for example PAY.", Assert.Single(e.Fields["key"]));
    }

    [Fact]
    public void Rename_bumps_the_version_and_a_refused_rename_changes_nothing()
    {
        var product = Product.Create(Guid.NewGuid(), "PAY", "Payments", Now);

        product.Rename("Acme Payments");
        Assert.Equal("Acme Payments", product.Name);
        Assert.Equal(2, product.Version);

        Assert.Throws<DomainException>(() => product.Rename(" "));
        Assert.Equal("Acme Payments", product.Name);
        Assert.Equal(2, product.Version);
    }
}
